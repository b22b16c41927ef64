"""Who may see and act on the register of units and their honours.

Every internal role sees the whole register (it is reference data the departments share: names, codes,
industries, honours; the contact's phone only masked). An enterprise account sees only its own unit, the
one with its 统一社会信用代码. The coordinator maintains every unit; a department's reporter or reviewer
the units whose 主管部门 it is; an enterprise its own unit's contact. Honours are entered by the
departments (the lead department of the kind, with the document) and withdrawn by the department that
entered them, or by the coordinator.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import DENIED, PLAN_READERS, define, has_perm, require
from liangxin.enterprises.models import Honour, HonourKind, Unit

define("unit.view", PLAN_READERS, "您的角色不能查看企业与单位名录")
define("unit.view_own", {Role.ENTERPRISE}, "您的角色不能查看企业与单位名录")
define("unit.edit_all", {Role.COORDINATOR}, "只有统筹协调人员可以维护全部单位")
define(
    "unit.edit",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER},
    "只有统筹协调人员和各部门的填报、审核人员可以维护单位信息",
)
define("unit.reveal", {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER}, "您的角色不能查看完整的联系电话")
define(
    "honour.record",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER},
    "只有统筹协调人员和各部门的填报、审核人员可以登记荣誉",
)
define("honour_kind.edit", {Role.COORDINATOR}, "只有统筹协调人员可以增加荣誉类型")


def sees_units(user: User) -> bool:
    """Whether the register belongs in the user's navigation."""
    return has_perm(user, "unit.view") or has_perm(user, "unit.view_own")


def units_for(user: User):
    if has_perm(user, "unit.view"):
        return Unit.objects.all()
    require(user, "unit.view_own")
    return Unit.objects.filter(credit_code=user.credit_code) if user.credit_code else Unit.objects.none()


def unit_or_404(user: User, pk) -> Unit:
    return get_object_or_404(units_for(user).select_related("town", "department"), pk=pk)


def own_unit(user: User) -> Unit | None:
    """The unit an enterprise account belongs to (by its 统一社会信用代码), if registered."""
    return Unit.objects.filter(credit_code=user.credit_code).first() if user.credit_code else None


def honours_for(user: User):
    return Honour.objects.filter(unit__in=units_for(user))


def honour_or_404(user: User, pk) -> Honour:
    return get_object_or_404(honours_for(user).select_related("unit", "kind", "department"), pk=pk)


def honour_kinds():
    return HonourKind.objects.all()


# --- actions -----------------------------------------------------------------------------------------


def _unit_refusal(user: User, unit: Unit | None, action: str) -> PermissionDenied | None:
    if action == "edit":
        if unit is not None and has_perm(user, "unit.view_own") and unit.credit_code == user.credit_code:
            return None  # an enterprise keeps its own unit's contact up to date
        if not has_perm(user, "unit.edit"):
            return PermissionDenied(DENIED["unit.edit"])
        if has_perm(user, "unit.edit_all") or unit is None:
            return None
        if unit.department_id is None or unit.department_id != user.department_id:
            return PermissionDenied("只能维护本部门主管的单位（请联系统筹协调人员）")
        return None
    perm = {"reveal": "unit.reveal", "honour": "honour.record", "create": "unit.edit"}[action]
    return None if has_perm(user, perm) else PermissionDenied(DENIED[perm])


def allowed_unit_actions(user: User, unit: Unit) -> set[str]:
    return {a for a in ("edit", "reveal", "honour") if _unit_refusal(user, unit, a) is None}


def require_unit_action(user: User, unit: Unit | None, action: str) -> None:
    refusal = _unit_refusal(user, unit, action)
    if refusal is not None:
        raise refusal


def may_withdraw(user: User, honour: Honour) -> bool:
    return has_perm(user, "honour.record") and (
        has_perm(user, "unit.edit_all") or honour.department_id == user.department_id
    )


def require_withdraw(user: User, honour: Honour) -> None:
    if not has_perm(user, "honour.record"):
        raise PermissionDenied(DENIED["honour.record"])
    if not may_withdraw(user, honour):
        raise PermissionDenied("只能撤销本部门登记的荣誉")
