"""Who may see and act on the 两优 and 两新 lists.

Seeing: the coordinator, leaders, finance and auditors see every entry (read-only unless another
permission lets them act); a department's reporter and reviewer the entries their department entered and,
in a list their department leads, every entry past its draft; an enterprise the entries of its own unit.

Acting: an entry is kept by the side that entered it — the enterprise for its own unit, or the department
that entered it (the coordinator may act for any) — which edits it while it is a draft or returned,
submits it, and withdraws it with a reason. It is reviewed (accepted, or returned with a reason) by a
reviewer (部门审核) of the list's lead department (codes.LISTS: 工信局 for supply, 发改局 and 商务局 for
demand) or by the coordinator, never by the person who submitted it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import DISTRICT_WIDE_ROLES, Role
from liangxin.accounts.scope import DENIED, define, has_perm
from liangxin.core.errors import Conflict
from liangxin.lists.codes import LISTS, STATUSES
from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry

define("lists.view_all", DISTRICT_WIDE_ROLES, "您的角色不能查看两优两新清单")
define("lists.view_department", {Role.REPORTER, Role.REVIEWER}, "您的角色不能查看两优两新清单")
define("lists.view_own", {Role.ENTERPRISE}, "您的角色不能查看两优两新清单")
define(
    "lists.enter",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER, Role.ENTERPRISE},
    "只有企业和各部门的填报、审核人员可以填报清单",
)
define("lists.enter_any", {Role.COORDINATOR}, "只有统筹协调人员可以维护全部清单条目")
define(
    "lists.review",
    {Role.COORDINATOR, Role.REVIEWER},
    "只有牵头部门的审核人员和统筹协调人员可以审核清单",
)
define("lists.reveal", {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER}, "您的角色不能查看完整的联系电话")
define("supply_category.edit", {Role.COORDINATOR}, "只有统筹协调人员可以增加产品类别")

MODELS = {"supply": SupplyEntry, "demand": DemandEntry}


def list_of(entry) -> str:
    return "supply" if isinstance(entry, SupplyEntry) else "demand"


def sees_lists(user: User) -> bool:
    return any(has_perm(user, p) for p in ("lists.view_all", "lists.view_department", "lists.view_own"))


def leads(user: User, list_code: str) -> bool:
    """Whether the user's department leads the list (its reviewers review it)."""
    return user.department is not None and user.department.code in LISTS[list_code].lead_departments


def lead_names(list_code: str) -> str:
    """The lead departments of the list by their short names (工信局)."""
    codes = LISTS[list_code].lead_departments
    names = dict(Department.objects.filter(code__in=codes).values_list("code", "short_name"))
    return "、".join(names.get(c, c) for c in codes)


def entries_for(user: User, list_code: str):
    model = MODELS[list_code]
    if has_perm(user, "lists.view_all"):
        return model.objects.all()
    if has_perm(user, "lists.view_department"):
        mine = Q(department_id=user.department_id)
        return model.objects.filter(mine | ~Q(status="draft") if leads(user, list_code) else mine)
    if has_perm(user, "lists.view_own"):
        if not user.credit_code:
            return model.objects.none()
        return model.objects.filter(unit__credit_code=user.credit_code, department__isnull=True)
    raise PermissionDenied(DENIED["lists.view_all"])


def entry_or_404(user: User, list_code: str, pk):
    return get_object_or_404(
        entries_for(user, list_code).select_related("unit", "unit__town", "department"), pk=pk
    )


def supply_categories():
    return SupplyCategory.objects.all()


# --- actions -----------------------------------------------------------------------------------------

ACTIONS = ("edit", "submit", "accept", "return", "withdraw", "reveal")


def _keeps(user: User, entry) -> bool:
    """Whether the user is on the side that entered the entry."""
    if not has_perm(user, "lists.enter"):
        return False
    if has_perm(user, "lists.enter_any"):
        return True
    if has_perm(user, "lists.view_own"):
        return (
            entry.department_id is None
            and entry.unit is not None
            and entry.unit.credit_code == user.credit_code
        )
    return entry.department_id is not None and entry.department_id == user.department_id


def may_review(user: User, list_code: str) -> bool:
    return has_perm(user, "lists.review") and (has_perm(user, "lists.enter_any") or leads(user, list_code))


def _refusal(user: User, entry, action: str) -> Exception | None:
    status = STATUSES.label(entry.status)
    if action in ("edit", "submit"):
        if not _keeps(user, entry):
            return PermissionDenied(
                DENIED["lists.enter"]
                if not has_perm(user, "lists.enter")
                else "只能维护本单位或本部门录入的条目"
            )
        if not STATUSES[entry.status].editable:
            return Conflict(f"条目现为“{status}”，只有草稿或已退回的条目可以修改、提交")
        return None
    if action in ("accept", "return"):
        if not may_review(user, list_of(entry)):
            lead = lead_names(list_of(entry))
            return PermissionDenied(
                f"只有牵头部门（{lead}）的审核人员和统筹协调人员可以审核{LISTS.label(list_of(entry))}"
            )
        if entry.submitted_by_id == user.pk:
            return PermissionDenied("不能审核本人提交的条目")
        if entry.status != "submitted":
            return Conflict(f"条目现为“{status}”，只有待审核的条目可以审核")
        return None
    if action == "withdraw":
        if not (_keeps(user, entry) or may_review(user, list_of(entry))):
            return PermissionDenied("只有录入单位、录入部门或牵头部门可以撤回条目")
        if entry.status not in ("submitted", "accepted"):
            return Conflict(f"条目现为“{status}”，只有待审核或已采纳的条目可以撤回")
        return None
    if action == "reveal":
        return None if has_perm(user, "lists.reveal") else PermissionDenied(DENIED["lists.reveal"])
    raise ValueError(action)


def allowed_actions(user: User, entry) -> set[str]:
    return {a for a in ACTIONS if _refusal(user, entry, a) is None}


def require_action(user: User, entry, action: str) -> None:
    refusal = _refusal(user, entry, action)
    if refusal is not None:
        raise refusal


def require_enter(user: User) -> None:
    if not has_perm(user, "lists.enter"):
        raise PermissionDenied(DENIED["lists.enter"])
