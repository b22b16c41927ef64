"""Configuring channels, a department's or one person's own: adding one (its kind, base URL and secret
checked, the secret stored encrypted and shown masked), switching it on or off, and sending it a test
message. From the web, the API and `liangxin channel`; the command line acts as its operator (no account)."""

import time

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core import crypto, identifiers
from liangxin.core.errors import FieldProblem, Invalid, NotFound
from liangxin.notifications import access, delivery
from liangxin.notifications.channels import CHANNEL_KINDS
from liangxin.notifications.models import Channel, Delivery

TEST_TEXT = "这是一条测试消息：两新平台的通知将发送到这里。"


def _wrong(field: str, message: str):
    return Invalid(f"{message}", [FieldProblem(field, message)])


def department_of(code: str) -> Department:
    try:
        return Department.objects.get(code=code)
    except Department.DoesNotExist:
        raise NotFound(f"部门 {code} 不存在") from None


def user_of(username: str) -> User:
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise NotFound(f"账号 {username} 不存在或已停用") from None


def _mask_part(name: str, part: str) -> str:
    if name.startswith("手机号"):
        return ",".join(identifiers.mask_mobile(n.strip()) for n in part.split(","))
    return f"{part[:3]}****{part[-3:]}" if len(part) >= 10 else "****"


def clean(kind: str, url: str, secret: str) -> tuple[str, list[str]]:
    """The base URL and the secret's parts, or Invalid naming the field."""
    entry = CHANNEL_KINDS.get(kind)
    if entry is None:
        raise _wrong("kind", f"渠道类型应为 {'、'.join(k.code for k in CHANNEL_KINDS)} 之一")
    url = (url or "").strip()
    if kind == "email":
        addresses = [a.strip() for a in url.removeprefix("mailto:").split(",") if a.strip()]
        try:
            if not addresses:
                raise ValidationError("empty")
            for address in addresses:
                validate_email(address)
        except ValidationError:
            raise _wrong("url", "地址应为 mailto:邮箱地址（多个用逗号分隔）") from None
        url = "mailto:" + ",".join(addresses)
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _wrong("url", f"地址应为 http:// 或 https:// 开头的网址（{entry.url_hint}）") from None
    parts = [p.strip() for p in (secret or "").strip().splitlines() if p.strip()]
    if len(parts) != len(entry.secret_parts):
        wanted = "、".join(entry.secret_parts) or "无"
        raise _wrong("secret", f"{entry.label}的密钥应逐行给出：{wanted}")
    return url, parts


@transaction.atomic
def add(actor: User | None, owner: Department | User, kind: str, url: str, secret: str = "") -> Channel:
    """A new channel of a department or of one person (actor None: the command line's operator)."""
    url, parts = clean(kind, url, secret)
    names = CHANNEL_KINDS[kind].secret_parts
    channel = Channel(
        department=owner if isinstance(owner, Department) else None,
        user=owner if isinstance(owner, User) else None,
        kind=kind,
        base_url=url,
        secret_enc=crypto.encrypt("\n".join(parts), delivery.CIPHER_CONTEXT) if parts else "",
        secret_masked=" / ".join(_mask_part(n, p) for n, p in zip(names, parts, strict=True)),
    )
    if actor is not None:
        access.require_configure(actor, channel)
    channel.save()
    chain.record("channel.create", obj=channel, after=shown(channel))
    return channel


def shown(channel: Channel) -> dict:
    """What the trail and the pages show of a channel: its secret masked."""
    return {
        "department": channel.department.code if channel.department else None,
        "user": channel.user.username if channel.user else None,
        "kind": channel.kind,
        "url": channel.base_url,
        "secret": channel.secret_masked,
        "enabled": channel.enabled,
    }


@transaction.atomic
def set_enabled(actor: User | None, channel: Channel, enabled: bool) -> Channel:
    if actor is not None:
        access.require_configure(actor, channel)
    if channel.enabled != enabled:
        before = shown(channel)
        channel.enabled = enabled
        channel.save(update_fields=["enabled"])
        chain.record("channel.update", obj=channel, before=before, after=shown(channel))
    return channel


@transaction.atomic
def send_test(actor: User | None, channel: Channel) -> Delivery:
    """Queue a test message to the channel (sent once this commits)."""
    if actor is not None:
        access.require_configure(actor, channel)
    sent = Delivery.objects.create(
        channel=channel, kind="channel_test", text=TEST_TEXT, url="/notifications/"
    )
    chain.record("channel.test", obj=channel, after={"delivery": sent.pk})
    delivery.queue([sent])
    return sent


def test_all(actor: User | None, owner: Department | User) -> list[Delivery]:
    """A test message queued to each of the department's (or the person's) enabled channels."""
    if isinstance(owner, Department):
        channels, name = Channel.objects.filter(department=owner, enabled=True), owner.short_name
    else:
        channels, name = Channel.objects.filter(user=owner, enabled=True), f"账号 {owner.username} "
    if not channels.exists():
        raise NotFound(f"{name}还没有启用的通知渠道")
    return [send_test(actor, c) for c in channels]


def wait(deliveries: list[Delivery], timeout: float, poll: float = 0.5) -> list[Delivery]:
    """The deliveries once none is queued any more, or as they stand after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    ids = [d.pk for d in deliveries]
    while True:
        current = list(Delivery.objects.filter(pk__in=ids).select_related("channel").order_by("pk"))
        if all(d.status != Delivery.Status.QUEUED for d in current) or time.monotonic() >= deadline:
            return current
        time.sleep(poll)
