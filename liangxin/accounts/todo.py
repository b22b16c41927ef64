"""Accounts' part of the home page's to-do list (core.todo), for the administrators who keep the
accounts (三员分立: the system and security administrators handle no business data): accounts locked
out by failed logins now, failed logins of the last day, disabled accounts and accounts never used.
(There is no second factor in liangxin yet, so no "accounts without 2FA" line.)"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.roles import Role
from liangxin.accounts.scope import has_perm, users_for
from liangxin.core.todo import Todo, contribute


def locked_usernames(now=None) -> list[str]:
    """User names locked out now: as many failed logins as the limit within the cool-off time."""
    now = now or timezone.now()
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    )
    return sorted({a.username for a in attempts if a.username})


@contribute("accounts", "账号与安全", order=30)
def account_todos(user) -> list[Todo]:
    if not has_perm(user, "user.view") or Role.AUDITOR in user.role_codes:
        return []  # the auditor's part is the audit trail (audit/todo.py)
    users = users_for(user)
    url = reverse("accounts:users")
    locked = list(users.filter(username__in=locked_usernames()).values_list("username", flat=True))
    items = [
        Todo(
            code="locked",
            label="因多次登录失败被锁定的账号",
            count=len(locked),
            url=url,
            detail="、".join(locked),
        ),
    ]
    if Role.ADMIN in user.role_codes:
        items += [
            Todo(code="disabled", label="已停用的账号", count=users.filter(is_active=False).count(), url=url),
            Todo(
                code="never_logged_in",
                label="从未登录的账号",
                count=users.filter(is_active=True, last_login__isnull=True).count(),
                url=url,
                detail="请确认账号是否已交给本人",
            ),
        ]
    if Role.SECURITY in user.role_codes:
        since = timezone.now() - timedelta(days=1)
        failing = AccessAttempt.objects.filter(attempt_time__gte=since).values("username")
        failed = users.filter(username__in=failing).count()
        items.append(Todo(code="failed_logins", label="近24小时登录失败的账号", count=failed, url=url))
        week = timezone.now() - timedelta(days=7)
        made = users.filter(date_joined__gte=week).count()
        items.append(
            Todo(
                code="accounts_new",
                label="近7日新增的账号",
                count=made,
                url=url,
                detail="请核对角色和部门是否与授权一致",
            )
        )
    return items
