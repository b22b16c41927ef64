"""Who may manage accounts (三员分立): the 系统管理员 creates, disables and enables accounts; the 安全管理员
assigns their roles; the 审计管理员 reads them and the audit log. None of the three acts on their own
account, so no one can widen or restore their own access.

`allowed_actions` answers what a user may do to an account now (the buttons of its page), and
`require_action` refuses the same actions in the domain functions (`actions.py`) by the same rule: 403 for
the role or for one's own account, the caller's error (a Conflict) when the account's state does not
allow it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import DENIED, define, has_perm, require, users_for
from liangxin.core.errors import Conflict

define("user.manage", {Role.ADMIN}, "只有系统管理员可以新增、停用或启用账号")
define("user.roles", {Role.SECURITY}, "只有安全管理员可以分配角色")

OWN_ACCOUNT = "不能对自己的账号进行此操作，请由另一名管理员办理"


@dataclass(frozen=True)
class Rule:
    perm: str
    ready: Callable[[User], bool] = lambda account: True
    not_ready: str = ""


USER_ACTIONS = {
    "disable": Rule("user.manage", lambda account: account.is_active, "该账号已停用"),
    "enable": Rule("user.manage", lambda account: not account.is_active, "该账号已启用"),
    "roles": Rule("user.roles"),
}


def _refusal(user: User, account: User, action: str) -> PermissionDenied | None:
    rule = USER_ACTIONS[action]
    if not has_perm(user, rule.perm):
        return PermissionDenied(DENIED[rule.perm])
    if account.pk == user.pk:
        return PermissionDenied(OWN_ACCOUNT)
    return None


def allowed_actions(user: User, account: User) -> frozenset[str]:
    """What the user may do to the account now."""
    return frozenset(
        action
        for action, rule in USER_ACTIONS.items()
        if _refusal(user, account, action) is None and rule.ready(account)
    )


def require_action(user: User, account: User, action: str, refuse: Callable[[str], Exception] = Conflict):
    if (denied := _refusal(user, account, action)) is not None:
        raise denied
    rule = USER_ACTIONS[action]
    if not rule.ready(account):
        raise refuse(rule.not_ready)


def may_create(user: User) -> bool:
    return has_perm(user, "user.manage")


def require_create(user: User) -> None:
    require(user, "user.manage")


def account_or_404(user: User, username: str, action: str | None = None) -> User:
    """An account the user may see (403 for a role that sees none); with an action, a role that can never
    take it is refused first (403)."""
    if action is not None:
        require(user, USER_ACTIONS[action].perm)
    return get_object_or_404(users_for(user), username=username)
