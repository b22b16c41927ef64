"""Who may see and act on reporting periods and submissions.

`allowed_actions` answers what a user may do to a submission, a period or a plan's periods now (the
buttons a page shows); `require_action` refuses the same actions in the workflow's functions, by the same
rule: 403 when the user's role or department rules the action out, 409 (WorkflowError) when the period or
the submission's status does not allow it now. Submissions move by the table in `steps.py`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import DISTRICT_WIDE_ROLES, Role
from liangxin.accounts.scope import DENIED, define, departments_for, has_perm, require
from liangxin.plans.access import plan_or_404
from liangxin.plans.models import Plan
from liangxin.reporting.assignments import submission_for
from liangxin.reporting.models import BulletinDraft, Period, Submission
from liangxin.reporting.steps import STEPS, WorkflowError

define("period.manage", {Role.COORDINATOR}, "只有统筹协调角色可以开启或关闭填报期")
define("submission.view_all", DISTRICT_WIDE_ROLES, "您只能查看本部门的填报")
define("submission.fill", {Role.REPORTER}, "只有部门填报人员可以填写和报送")
define("submission.approve", {Role.REVIEWER}, "只有本部门审核人员可以审核")
define("submission.accept", {Role.COORDINATOR}, "只有统筹协调角色可以采纳")

# a reporter or reviewer acts only on their own department's submission; the coordinator on any
_OWN_DEPARTMENT = frozenset({"submission.fill", "submission.approve"})


def submissions_for(user: User):
    """Submissions the user may read: all for the district-wide roles, else their own department's."""
    require(user, "plan.view")
    if has_perm(user, "submission.view_all"):
        return Submission.objects.all()
    return Submission.objects.filter(department_id=user.department_id)


def period_or_404(user: User, code: str, key: str) -> Period:
    plan = plan_or_404(user, code)
    return get_object_or_404(Period.objects.select_related("plan").filter(plan=plan), key=key)


def submission_or_404(user: User, code: str, key: str, department_code: str) -> Submission:
    """The one way pages and API reach a submission: plan and department through the user's scope, and
    only departments that owe this plan a report (404 otherwise, and nothing is created)."""
    period = period_or_404(user, code, key)
    department = get_object_or_404(departments_for(user), code=department_code)
    submission = submission_for(period, department)
    if submission is None:
        raise Http404("该部门不需要报送本方案的调度数据")
    return get_object_or_404(
        submissions_for(user).select_related("period__plan", "department"), pk=submission.pk
    )


def sees_department(user: User, department_id: int) -> bool:
    """Whether the user may see this department's submissions (its row on a period's board)."""
    return has_perm(user, "submission.view_all") or user.department_id == department_id


def _submission_refusal(user: User, submission: Submission, action: str) -> Exception | None:
    steps = _STEPS_BY_ACTION[action]
    # an action two roles take (a return) is the step this user's role takes from the current status;
    # failing that, the first, whose refusal then says why
    step = next((s for s in steps if submission.status in s.sources and has_perm(user, s.perm)), steps[0])
    if not has_perm(user, step.perm):
        return PermissionDenied(DENIED[step.perm])
    if step.perm in _OWN_DEPARTMENT and user.department_id != submission.department_id:
        return PermissionDenied("只能处理本部门的填报")
    if not submission.period.is_open:
        return WorkflowError(f"{submission.period}的填报期已关闭，不能再修改")
    if submission.status not in step.sources:
        return WorkflowError(step.refusal(submission))
    return None


def _period_refusal(user: User, period: Period, action: str) -> Exception | None:
    """Closing a period, reminding its late departments and sending the 调度 message: the coordinator,
    while it is open. Writing
    and issuing the period's 通报 (sections 五 and 六): the coordinator, open or closed, until issued."""
    if not has_perm(user, "period.manage"):
        return PermissionDenied(DENIED["period.manage"])
    if action in BULLETIN_ACTIONS:
        issued = period.pk and BulletinDraft.objects.filter(period=period, issued_at__isnull=False).exists()
        return WorkflowError(f"{period}的通报已印发，不能再修改") if issued else None
    if not period.is_open:
        return WorkflowError(f"{period}的填报期已经关闭")
    return None


def _plan_refusal(user: User, plan: Plan, action: str) -> Exception | None:
    """Opening a period of the plan: the coordinator."""
    return None if has_perm(user, "period.manage") else PermissionDenied(DENIED["period.manage"])


BULLETIN_ACTIONS = ("edit_bulletin", "issue_bulletin")
_STEPS_BY_ACTION: dict[str, list] = {}
for _step in STEPS:
    _STEPS_BY_ACTION.setdefault(_step.action, []).append(_step)

# object type -> (its actions, the refusal of one of them to a user, or None)
_RULES = {
    Submission: (tuple(_STEPS_BY_ACTION), _submission_refusal),
    Period: (("close", "remind", "dispatch", *BULLETIN_ACTIONS), _period_refusal),
    Plan: (("open_period",), _plan_refusal),
}


def allowed_actions(user: User, obj: Submission | Period | Plan) -> frozenset[str]:
    """What the user may do to the object now: the buttons its page shows."""
    actions, refusal = _RULES[type(obj)]
    return frozenset(action for action in actions if refusal(user, obj, action) is None)


def require_action(user: User, obj: Submission | Period | Plan, action: str) -> None:
    """Refuse what allowed_actions would not offer: PermissionDenied (403) for the user's role or
    department, WorkflowError (409) for the period or the status. Call it on the locked row."""
    actions, refusal = _RULES[type(obj)]
    if action not in actions:
        raise ValueError(f"unknown action {action} on {type(obj).__name__}")
    if (refused := refusal(user, obj, action)) is not None:
        raise refused
