"""Sending notifications on through channels: one Delivery per channel and message, queued as a task
after the change commits, rate-limited per channel (settings.NOTIFY_RATE_PER_MINUTE), retried with
back-off (settings.NOTIFY_RETRY_SECONDS, doubling) up to settings.NOTIFY_MAX_ATTEMPTS, and logged: sent,
or failed with why."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from huey.contrib.djhuey import db_task

from liangxin.accounts.models import User
from liangxin.core import crypto
from liangxin.notifications.channels import CHANNEL_KINDS, Message, SendFailed
from liangxin.notifications.kinds import KINDS
from liangxin.notifications.models import Channel, Delivery

CIPHER_CONTEXT = "notifications:channel_secret"
WINDOW = timedelta(minutes=1)


class RetryLater(Exception):
    """A failed attempt that has attempts left: the queue runs it again after its back-off."""


@dataclass(frozen=True)
class Attempt:
    wait: float | None = None  # the channel is at its rate limit: try again in so many seconds
    retry: bool = False  # it failed and has attempts left


def secret_parts(channel: Channel) -> list[str]:
    return crypto.decrypt(channel.secret_enc, CIPHER_CONTEXT).split("\n") if channel.secret_enc else []


def channels_for(users: Iterable[User], departments: Iterable = ()):
    """The enabled channels of the users' departments, of `departments` and of the users themselves."""
    users = list(users)
    departments = {u.department_id for u in users if u.department_id} | {d.pk for d in departments}
    return Channel.objects.filter(
        Q(department_id__in=departments) | Q(user__in=[u.pk for u in users]), enabled=True
    )


def queue(deliveries: list[Delivery]) -> list[Delivery]:
    """Hand the deliveries to the queue once the change that made them commits."""
    for d in deliveries:
        transaction.on_commit(lambda pk=d.pk: deliver(pk))
    return deliveries


def fan_out(
    users: Iterable[User], kind: str, text: str, url: str = "", departments: Iterable = ()
) -> list[Delivery]:
    """One delivery per channel of the users and departments (a department's group once, however many of
    it are told)."""
    channels = channels_for(users, departments)
    return queue([Delivery.objects.create(channel=c, kind=kind, text=text, url=url) for c in channels])


def wait_for_room(channel: Channel) -> float | None:
    """Seconds until the channel may take another message, or None if it may now."""
    limit = settings.NOTIFY_RATE_PER_MINUTE
    since = timezone.now() - WINDOW
    recent = list(
        Delivery.objects.filter(channel=channel, sent_at__gte=since)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return max((recent[-1] - since).total_seconds(), 1.0)


def message_of(delivery: Delivery) -> Message:
    link = f"{settings.SITE_URL.rstrip('/')}{delivery.url}" if delivery.url.startswith("/") else delivery.url
    return Message(KINDS.label(delivery.kind), delivery.text, link)


@transaction.atomic
def attempt(delivery_id: int) -> Attempt:
    """Send a queued delivery once: it ends sent or failed, or is left queued to be retried (its error
    kept) or, when its channel is at its rate limit, untried."""
    delivery = Delivery.objects.select_related("channel").get(pk=delivery_id)
    if delivery.status != Delivery.Status.QUEUED:
        return Attempt()
    # one sender per channel at a time, so that two consumers do not both take the last place in a minute
    channel = Channel.objects.select_for_update().get(pk=delivery.channel_id)
    if not channel.enabled:
        return _end(delivery, Delivery.Status.FAILED, "渠道已停用")
    wait = wait_for_room(channel)
    if wait is not None:
        return Attempt(wait=wait)
    delivery.attempts += 1
    try:
        CHANNEL_KINDS[channel.kind].send(channel.base_url, secret_parts(channel), message_of(delivery))
    except SendFailed as exc:
        if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            return _end(delivery, Delivery.Status.FAILED, str(exc))
        delivery.error = str(exc)[:300]
        delivery.save(update_fields=["attempts", "error"])
        return Attempt(retry=True)
    return _end(delivery, Delivery.Status.SENT, "")


def _end(delivery: Delivery, status: str, error: str) -> Attempt:
    delivery.status, delivery.error = status, error[:300]
    delivery.sent_at = timezone.now() if status == Delivery.Status.SENT else None
    delivery.save(update_fields=["status", "error", "sent_at", "attempts"])
    return Attempt()


@db_task(
    name="notifications.deliver",
    retries=settings.NOTIFY_MAX_ATTEMPTS - 1,
    retry_delay=settings.NOTIFY_RETRY_SECONDS,
    retry_backoff=2,
)
def deliver(delivery_id: int) -> None:
    outcome = attempt(delivery_id)
    if outcome.retry:
        raise RetryLater(f"第 {delivery_id} 条渠道消息发送失败，稍后重试")
    if outcome.wait is not None:
        deliver.schedule((delivery_id,), delay=outcome.wait)
