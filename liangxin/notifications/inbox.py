"""A person's notifications: sent by the domain that makes a change which asks someone to act (reporting's
workflow and deadlines, the subsidies import), read and marked read on the bell's page and over the API.

    inbox.notify(inbox.people("reviewer", department), "submission_waiting", "…待审核", url, obj=submission)

A notification is a short Chinese text with a link back: it never carries personal data (names, ID
numbers, phones, amounts per person), as it may be forwarded to a messaging group.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.notifications import delivery
from liangxin.notifications.access import notifications_for
from liangxin.notifications.kinds import KINDS
from liangxin.notifications.models import Notification

TEXT_LIMIT = 300


def people(role: str, department: Department | None = None) -> QuerySet[User]:
    """The active accounts holding `role` (of `department`, if given): whom a step of a workflow waits on."""
    users = User.objects.filter(is_active=True, role_assignments__role=role)
    if department is not None:
        users = users.filter(department=department)
    return users.distinct()


def notify(
    users: Iterable[User], kind: str, text: str, url: str = "", obj=None, departments: Iterable = ()
) -> list[Notification]:
    """One unread notification of `kind` for each of `users` (each once), sent on to their departments'
    and their own channels, and to the channels of `departments` (told even when none of them has an
    account to receive it)."""
    KINDS[kind]  # an unknown kind is a programming error: raises UnknownCode
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    recipients = list({u.pk: u for u in users}.values())
    delivery.fan_out(recipients, kind, text[:TEXT_LIMIT], url, departments)
    return Notification.objects.bulk_create(
        Notification(
            recipient=u,
            kind=kind,
            text=text[:TEXT_LIMIT],
            url=url,
            object_type=object_type,
            object_id=object_id,
        )
        for u in recipients
    )


def notify_standing(users: Iterable[User], kind: str, text: str, url: str, obj) -> list[Notification]:
    """A notice that states where something stands (the applications of a programme waiting to be paid):
    whoever still has an unread one of `kind` about `obj` finds it brought up to date and to the top,
    without another message to their channels; everyone else is notified as usual."""
    users = list({u.pk: u for u in users}.values())
    about = {"kind": kind, "object_type": obj._meta.label_lower, "object_id": str(obj.pk), "read_at": None}
    standing = Notification.objects.filter(recipient__in=users, **about)
    told = set(standing.values_list("recipient_id", flat=True))
    standing.update(text=text[:TEXT_LIMIT], url=url, created_at=timezone.now())
    return notify([u for u in users if u.pk not in told], kind, text, url, obj=obj)


def settle_standing(kind: str, obj) -> int:
    """Mark read the unread standing notices of `kind` about `obj` once the matter they state is settled
    without them (a payout batch took every application the notice counted). How many there were."""
    about = {"kind": kind, "object_type": obj._meta.label_lower, "object_id": str(obj.pk), "read_at": None}
    return Notification.objects.filter(**about).update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def _ids(ids) -> list[int]:
    try:
        return [int(i) for i in ids]
    except (TypeError, ValueError) as exc:
        raise Invalid("通知编号应为整数", [FieldProblem("ids", "应为整数列表")]) from exc


@transaction.atomic
def mark_read(user: User, ids) -> int:
    """Mark the user's own notifications among `ids` read; others' are left alone. The number marked."""
    unread = notifications_for(user).filter(pk__in=_ids(ids), read_at__isnull=True)
    marked = sorted(unread.values_list("pk", flat=True))
    if marked:
        Notification.objects.filter(pk__in=marked).update(read_at=timezone.now())
        chain.record("notification.read", object_type="notifications.notification", after={"ids": marked})
    return len(marked)


@transaction.atomic
def mark_all_read(user: User) -> int:
    return mark_read(user, notifications_for(user).filter(read_at__isnull=True).values_list("pk", flat=True))


def listed(user: User, state: str = "") -> QuerySet[Notification]:
    """The user's notifications, newest first: all, or only the unread ("unread") or read ("read") ones."""
    found = notifications_for(user)
    if state == "unread":
        return found.filter(read_at__isnull=True)
    if state == "read":
        return found.filter(read_at__isnull=False)
    if state:
        raise Invalid(
            "筛选条件 state 应为 unread、read 或留空", [FieldProblem("state", "应为 unread 或 read")]
        )
    return found


def announce(role: str, text: str, url: str) -> None:
    """A problem a periodic task found, to the holders of `role` (the auditor of a broken audit chain)."""
    notify(people(role), "periodic_problem", text, url)
