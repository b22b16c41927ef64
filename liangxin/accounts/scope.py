"""Accounts' access primitives: permissions by role, and the departments and users a person may see.

Each app declares its own permissions with `define` (in its `access.py`, imported by its AppConfig) and
owns the querysets and getters of its objects there. A role without the permission gets PermissionDenied
(403); an object outside the user's data scope is simply not in the queryset (404), so its existence is
never revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import DISTRICT_WIDE_ROLES, Role

# permission code -> roles that hold it; filled by each app's access module at start-up
PERMISSIONS: dict[str, frozenset[str]] = {}
# permission code -> the Chinese refusal shown to a user without it
DENIED: dict[str, str] = {}


def define(perm: str, roles: set[str] | frozenset[str], denied: str) -> None:
    """Declare a permission once: the roles that hold it and the Chinese refusal for everyone else."""
    if perm in PERMISSIONS:
        raise ValueError(f"permission {perm} is defined twice")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"permission {perm} names unknown roles {sorted(unknown)}")
    PERMISSIONS[perm] = frozenset(roles)
    DENIED[perm] = denied


PLAN_READERS = frozenset(
    {
        Role.COORDINATOR,
        Role.LEADER,
        Role.REPORTER,
        Role.REVIEWER,
        Role.CASEWORKER,
        Role.APPROVER,
        Role.FINANCE,
        Role.AUDITOR,
    }
)

define("plan.view", PLAN_READERS, "您的角色不能查看工作方案")
define("department.view_all", DISTRICT_WIDE_ROLES, "您只能查看本部门")
define(
    "user.view",
    {Role.ADMIN, Role.SECURITY, Role.AUDITOR},
    "只有系统管理员、安全管理员和审计管理员可以查看账号",
)


def has_perm(user: User, perm: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.role_codes & PERMISSIONS[perm])


def require(user: User, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(DENIED[perm])


def departments_for(user: User) -> QuerySet[Department]:
    """Departments whose page (tasks, targets, people) the user may open."""
    require(user, "plan.view")
    if has_perm(user, "department.view_all"):
        return Department.objects.all()
    return Department.objects.filter(pk=user.department_id)


def users_for(user: User) -> QuerySet[User]:
    require(user, "user.view")
    return User.objects.select_related("department").prefetch_related("role_assignments")


def find_users(users: QuerySet[User], q: str | None = None, role: str | None = None) -> QuerySet[User]:
    """Accounts whose login name, full name or department (its name, short name or code) holds `q`, holding
    `role` if given."""
    if q := (q or "").strip():
        users = users.filter(
            Q(username__icontains=q)
            | Q(full_name__icontains=q)
            | Q(department__name__icontains=q)
            | Q(department__short_name__icontains=q)
            | Q(department__code__iexact=q)
        )
    if role:
        users = users.filter(role_assignments__role=role).distinct()
    return users
