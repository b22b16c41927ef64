"""Who may see and act on subsidy programmes, applications, imports and payouts."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, has_perm, require
from liangxin.subsidies.models import Application, ImportJob, PayoutBatch, Programme

define("pii.reveal", {Role.CASEWORKER, Role.APPROVER}, "只有经办和复审人员可以查看完整的个人信息")
# the bank file needs whole names, ID numbers and accounts, and nothing else of finance does
define("payout.accounts", {Role.FINANCE}, "只有财政人员可以导出含完整账号的银行文件")
define("subsidy.first", {Role.CASEWORKER}, "只有经办人员可以初审")
define("subsidy.second", {Role.APPROVER}, "只有复审人员可以复审")
define("subsidy.pay", {Role.FINANCE}, "只有财政人员可以办理拨付")
define("subsidy.view", {Role.CASEWORKER, Role.APPROVER}, "您的角色不能查看补贴申请")
define(
    "subsidy.view_all",
    {Role.FINANCE, Role.COORDINATOR, Role.LEADER, Role.AUDITOR},
    "您只能查看本部门主管的补贴项目",
)
define("subsidy.apply", {Role.CASEWORKER, Role.ENTERPRISE}, "只有经办人员或企业可以提交申请")
define("subsidy.apply_own", {Role.ENTERPRISE}, "只有企业用户可以自行申报")
define("subsidy.import", {Role.CASEWORKER}, "只有经办人员可以批量导入")
# and only for a programme of the approver's own department: see require_programme_edit
define("programme.edit", {Role.APPROVER}, "只有补贴项目主管部门的复审人员可以修改补贴项目")


def sees_subsidies(user: User) -> bool:
    """Whether the subsidy pages belong in the user's navigation at all."""
    return any(has_perm(user, p) for p in ("subsidy.view", "subsidy.view_all", "subsidy.apply_own"))


def programmes_for(user: User):
    """Programmes a user may see: all for the district-wide roles and for enterprises (which may apply to
    any), their own department's for the caseworkers and approvers who run them."""
    if has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.apply_own"):
        return Programme.objects.all()
    require(user, "subsidy.view")
    return Programme.objects.filter(department_id=user.department_id)


def may_edit_programme(user: User, programme) -> bool:
    """The programme's own department's approver: the role alone is not enough."""
    return (
        has_perm(user, "programme.edit")
        and user.department_id is not None
        and programme.department_id == user.department_id
    )


def require_programme_edit(user: User, programme) -> None:
    """For a programme the user can see (programmes_for): 403 unless they may edit it."""
    require(user, "programme.edit")
    if not may_edit_programme(user, programme):
        raise PermissionDenied("只能修改本部门主管的补贴项目")


def applications_for(user: User):
    """Applications in scope: an enterprise sees only what it submitted itself."""
    found = Application.objects.filter(programme__in=programmes_for(user))
    if not (has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.view")):
        found = found.filter(created_by=user)
    return found


def imports_for(user: User):
    """Import jobs in scope: those of the programmes a user may see; an enterprise, only its own."""
    found = ImportJob.objects.filter(programme__in=programmes_for(user))
    if not (has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.view")):
        found = found.filter(created_by=user)
    return found


def programmes_to_apply(user: User):
    """Programmes a user may file an application to: a caseworker, those they see; an enterprise, the
    programmes for enterprises."""
    require(user, "subsidy.apply")
    found = programmes_for(user)
    if has_perm(user, "subsidy.apply_own") and not has_perm(user, "subsidy.view"):
        found = found.filter(applicant=Programme.Applicant.ENTERPRISE)
    return found


def applying_for(user: User) -> str | None:
    """The enterprise (its credit code) an enterprise account may apply for: its own only. None for
    staff, who file applications on behalf of anyone."""
    if has_perm(user, "subsidy.apply_own") and not has_perm(user, "subsidy.view"):
        return user.credit_code
    return None


def payout_batches_for(user: User):
    """Payout batches of the programmes the user sees; only finance handles them."""
    require(user, "subsidy.pay")
    return PayoutBatch.objects.filter(programme__in=programmes_for(user))


def programme_or_404(user: User, code: str) -> Programme:
    return get_object_or_404(programmes_for(user).select_related("department", "indicator"), code=code)


def application_or_404(user: User, public_id) -> Application:
    return get_object_or_404(
        applications_for(user).select_related("programme").prefetch_related("flags", "decisions"),
        public_id=public_id,
    )


def import_job_or_404(user: User, job_id: int) -> ImportJob:
    return get_object_or_404(imports_for(user).select_related("programme"), pk=job_id)


def payout_batch_or_404(user: User, batch_id: int) -> PayoutBatch:
    return get_object_or_404(payout_batches_for(user), pk=batch_id)
