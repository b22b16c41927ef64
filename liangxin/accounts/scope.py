"""The one place that decides who may see and do what.

Every page and every API endpoint fetches business data through these functions: a role without the
permission gets PermissionDenied (403); an object outside the user's data scope is simply not in the
queryset (404), so its existence is never revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import Role

_PLAN_READERS = frozenset(
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

PERMISSIONS: dict[str, frozenset[str]] = {
    "plan.view": _PLAN_READERS,
    "department.view_all": frozenset({Role.COORDINATOR, Role.LEADER, Role.FINANCE, Role.AUDITOR}),
    "audit.view": frozenset({Role.AUDITOR}),
    "user.view": frozenset({Role.ADMIN, Role.SECURITY, Role.AUDITOR}),
    "period.manage": frozenset({Role.COORDINATOR}),
    "submission.view_all": frozenset({Role.COORDINATOR, Role.LEADER, Role.FINANCE, Role.AUDITOR}),
    "submission.fill": frozenset({Role.REPORTER}),
    "submission.approve": frozenset({Role.REVIEWER}),
    "submission.accept": frozenset({Role.COORDINATOR}),
    "pii.reveal": frozenset({Role.CASEWORKER, Role.APPROVER}),
    # the bank file needs whole names, ID numbers and accounts, and nothing else of finance does
    "payout.accounts": frozenset({Role.FINANCE}),
    "subsidy.first": frozenset({Role.CASEWORKER}),
    "subsidy.second": frozenset({Role.APPROVER}),
    "subsidy.pay": frozenset({Role.FINANCE}),
    "subsidy.view": frozenset({Role.CASEWORKER, Role.APPROVER}),
    "subsidy.view_all": frozenset({Role.FINANCE, Role.COORDINATOR, Role.LEADER, Role.AUDITOR}),
    "subsidy.apply": frozenset({Role.CASEWORKER, Role.ENTERPRISE}),
    "subsidy.apply_own": frozenset({Role.ENTERPRISE}),
    "subsidy.import": frozenset({Role.CASEWORKER}),
    # and only for a programme of the approver's own department: see require_programme_edit
    "programme.edit": frozenset({Role.APPROVER}),
}

_DENIED = {
    "plan.view": "您的角色不能查看工作方案",
    "department.view_all": "您只能查看本部门",
    "audit.view": "只有审计管理员可以查看审计日志",
    "user.view": "只有系统管理员、安全管理员和审计管理员可以查看账号",
    "period.manage": "只有统筹协调角色可以开启或关闭填报期",
    "submission.view_all": "您只能查看本部门的填报",
    "submission.fill": "只有部门填报人员可以填写和报送",
    "submission.approve": "只有本部门审核人员可以审核",
    "submission.accept": "只有统筹协调角色可以采纳",
    "pii.reveal": "只有经办和复审人员可以查看完整的个人信息",
    "payout.accounts": "只有财政人员可以导出含完整账号的银行文件",
    "subsidy.first": "只有经办人员可以初审",
    "subsidy.second": "只有复审人员可以复审",
    "subsidy.pay": "只有财政人员可以办理拨付",
    "subsidy.view": "您的角色不能查看补贴申请",
    "subsidy.view_all": "您只能查看本部门主管的补贴项目",
    "subsidy.apply": "只有经办人员或企业可以提交申请",
    "subsidy.apply_own": "只有企业用户可以自行申报",
    "subsidy.import": "只有经办人员可以批量导入",
    "programme.edit": "只有补贴项目主管部门的复审人员可以修改补贴项目",
}


def has_perm(user: User, perm: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.role_codes & PERMISSIONS[perm])


def require(user: User, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(_DENIED[perm])


def departments_for(user: User) -> QuerySet[Department]:
    """Departments whose page (tasks, targets, people) the user may open."""
    require(user, "plan.view")
    if has_perm(user, "department.view_all"):
        return Department.objects.all()
    return Department.objects.filter(pk=user.department_id)


def plans_for(user: User):
    from liangxin.plans.models import Plan

    require(user, "plan.view")
    return Plan.objects.all()


def users_for(user: User) -> QuerySet[User]:
    require(user, "user.view")
    return User.objects.select_related("department").prefetch_related("role_assignments")


def audit_entries_for(user: User):
    from liangxin.audit.models import AuditEntry

    require(user, "audit.view")
    return AuditEntry.objects.all()


def submissions_for(user: User):
    """Submissions the user may read: all for the district-wide roles, else their own department's."""
    from liangxin.reporting.models import Submission

    require(user, "plan.view")
    if has_perm(user, "submission.view_all"):
        return Submission.objects.all()
    return Submission.objects.filter(department_id=user.department_id)


def require_own_department(user: User, perm: str, department_id: int) -> None:
    """A reporter or reviewer acts only on their own department's submission."""
    require(user, perm)
    if perm in {"submission.fill", "submission.approve"} and user.department_id != department_id:
        raise PermissionDenied("只能处理本部门的填报")


def programmes_for(user: User):
    """Programmes a user may see: all for the district-wide roles and for enterprises (which may apply to
    any), their own department's for the caseworkers and approvers who run them."""
    from liangxin.subsidies.models import Programme

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
    from liangxin.subsidies.models import Application

    found = Application.objects.filter(programme__in=programmes_for(user))
    if not (has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.view")):
        found = found.filter(created_by=user)
    return found


def imports_for(user: User):
    """Import jobs in scope: those of the programmes a user may see; an enterprise, only its own."""
    from liangxin.subsidies.models import ImportJob

    found = ImportJob.objects.filter(programme__in=programmes_for(user))
    if not (has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.view")):
        found = found.filter(created_by=user)
    return found


def programmes_to_apply(user: User):
    """Programmes a user may file an application to: a caseworker, those they see; an enterprise, the
    programmes for enterprises."""
    from liangxin.subsidies.models import Programme

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
