"""Who sees and marks matches between demands and supply entries.

Seeing: the district-wide roles and the lists' lead departments (工信局, 发改局, 商务局) every match; another
department the matches of the entries it entered or whose unit it manages (主管部门); an enterprise the
matches of its own unit, on either side.

Marking (已联系, 意向, 签约, 未成): the demand's unit or its department (the one that entered it, or the unit's
主管部门), the supply entry's unit, a lead department's reporter or reviewer, and the coordinator.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import DENIED, define, has_perm
from liangxin.lists.access import MODELS, entries_for, leads, sees_lists
from liangxin.lists.codes import LISTS
from liangxin.lists.matching.models import Match
from liangxin.lists.models import DemandEntry, SupplyEntry

define(
    "match.mark",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER, Role.ENTERPRISE},
    "只有需求单位及其部门、供给企业、牵头部门和统筹协调人员可以登记对接",
)


def _leads_a_list(user: User) -> bool:
    return any(leads(user, kind.code) for kind in LISTS)


def _of_department(department_id) -> Q:
    return (
        Q(demand__department_id=department_id)
        | Q(demand__unit__department_id=department_id)
        | Q(supply__department_id=department_id)
        | Q(supply__unit__department_id=department_id)
    )


def matches_for(user: User):
    if has_perm(user, "lists.view_all"):
        return Match.objects.all()
    if has_perm(user, "lists.view_department"):
        if _leads_a_list(user):
            return Match.objects.all()
        return (
            Match.objects.filter(_of_department(user.department_id))
            if user.department_id
            else Match.objects.none()
        )
    if has_perm(user, "lists.view_own"):
        if not user.credit_code:
            return Match.objects.none()
        return Match.objects.filter(
            Q(demand__unit__credit_code=user.credit_code) | Q(supply__unit__credit_code=user.credit_code)
        )
    raise PermissionDenied(DENIED["lists.view_all"])


def match_or_404(user: User, pk) -> Match:
    return get_object_or_404(
        matches_for(user).select_related(
            "demand", "demand__unit", "supply", "supply__unit", "supply__category"
        ),
        pk=pk,
    )


def _mark_refusal(user: User, demand: DemandEntry, supply: SupplyEntry) -> PermissionDenied | None:
    if not has_perm(user, "match.mark"):
        return PermissionDenied(DENIED["match.mark"])
    if has_perm(user, "lists.enter_any") or (has_perm(user, "lists.view_department") and _leads_a_list(user)):
        return None
    if has_perm(user, "lists.view_own"):
        units = {u.credit_code for u in (demand.unit, supply.unit) if u is not None}
        return (
            None
            if user.credit_code and user.credit_code in units
            else PermissionDenied("只能登记本企业的需求或产品的对接")
        )
    departments = {demand.department_id, demand.unit.department_id if demand.unit else None} - {None}
    return (
        None
        if user.department_id in departments
        else PermissionDenied("只能登记本部门录入或主管单位的需求的对接")
    )


def may_mark(user: User, demand: DemandEntry, supply: SupplyEntry) -> bool:
    return _mark_refusal(user, demand, supply) is None


def require_mark(user: User, demand: DemandEntry, supply: SupplyEntry) -> None:
    refusal = _mark_refusal(user, demand, supply)
    if refusal is not None:
        raise refusal


def published_or_own(user: User, list_code: str):
    """The entries a user may pair: those the user sees in the list, and every accepted one (the lists are
    published for supply and demand to meet), for anyone who reads the lists."""
    if not sees_lists(user):
        raise PermissionDenied(DENIED["lists.view_all"])
    model = MODELS[list_code]
    return model.objects.filter(Q(pk__in=entries_for(user, list_code).values("pk")) | Q(status="accepted"))


def entry_to_pair_or_404(user: User, list_code: str, pk):
    return get_object_or_404(
        published_or_own(user, list_code).select_related("unit", "unit__town", "department"), pk=pk
    )
