"""Who may see and act on subsidy programmes, applications, imports and payouts.

The querysets and getters say what a user may see (404 outside it). `allowed_actions` answers what a user
may do to an application, an import or a programme now (the buttons its page shows); `require_action`
refuses the same actions in the domain functions, by the same rule: 403 when the user's role or
department rules the action out, else the caller's own error when the object's state does not allow it.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import DISTRICT_WIDE_ROLES, Role
from liangxin.accounts.scope import DENIED, define, has_perm, require
from liangxin.core.errors import Conflict
from liangxin.subsidies.imports.heartbeat import stalled
from liangxin.subsidies.models import Application, ImportJob, PayoutBatch, Programme

define("pii.reveal", {Role.CASEWORKER, Role.APPROVER}, "只有经办和复审人员可以查看完整的个人信息")
# the bank file needs whole names, ID numbers and accounts, and nothing else of finance does
define("payout.accounts", {Role.FINANCE}, "只有财政人员可以导出含完整账号的银行文件")
define("subsidy.first", {Role.CASEWORKER}, "只有经办人员可以初审")
define("subsidy.second", {Role.APPROVER}, "只有复审人员可以复审")
define("subsidy.pay", {Role.FINANCE}, "只有财政人员可以办理拨付")
define("subsidy.view", {Role.CASEWORKER, Role.APPROVER}, "您的角色不能查看补贴申请")
define("subsidy.view_all", DISTRICT_WIDE_ROLES, "您只能查看本部门主管的补贴项目")
define("subsidy.apply", {Role.CASEWORKER, Role.ENTERPRISE}, "只有经办人员或企业可以提交申请")
define("subsidy.apply_own", {Role.ENTERPRISE}, "只有企业用户可以自行申报")
define("subsidy.import", {Role.CASEWORKER}, "只有经办人员可以批量导入")
# and only for a programme of the approver's own department: see PROGRAMME_ACTIONS
define("programme.edit", {Role.APPROVER}, "只有补贴项目主管部门的复审人员可以修改补贴项目")


def sees_subsidies(user: User) -> bool:
    """Whether the subsidy pages belong in the user's navigation at all."""
    return any(has_perm(user, p) for p in ("subsidy.view", "subsidy.view_all", "subsidy.apply_own"))


def programmes_for(user: User, action: str | None = None):
    """Programmes a user may see: all for the district-wide roles and for enterprises (which may apply to
    any), their own department's for the caseworkers and approvers who run them. With an action (import,
    pay), a role that can never take it is refused first (403)."""
    if action is not None:
        _require_role(user, Programme, action)
    if has_perm(user, "subsidy.view_all") or has_perm(user, "subsidy.apply_own"):
        return Programme.objects.all()
    require(user, "subsidy.view")
    return Programme.objects.filter(department_id=user.department_id)


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


def public_id_of(value) -> uuid.UUID | None:
    """An application's public id from an address, a body or a file; None for a value that is no id at
    all ("0"), which no application has, so that looking it up finds nothing instead of failing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def application_or_404(user: User, public_id, action: str | None = None) -> Application:
    """The application, 404 outside the user's scope or for a malformed id; with an action (resubmit), a
    role that can never take it is refused first (403)."""
    if action is not None:
        _require_role(user, Application, action)
    return get_object_or_404(
        applications_for(user).select_related("programme").prefetch_related("flags", "decisions"),
        public_id=public_id_of(public_id),
    )


def import_job_or_404(user: User, job_id: int, action: str | None = None) -> ImportJob:
    """The import job, 404 outside the user's scope; with an action (resume), a role that can never take
    it is refused first (403)."""
    if action is not None:
        _require_role(user, ImportJob, action)
    return get_object_or_404(imports_for(user).select_related("programme"), pk=job_id)


def payout_batch_or_404(user: User, batch_id: int) -> PayoutBatch:
    return get_object_or_404(payout_batches_for(user), pk=batch_id)


# --- actions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may take an action on an object, and when. `perm` is the permission it takes (None: anyone who
    sees the object); with `department` (the object's department), only that department's staff may take
    it, anyone else being told `other_department`; `ready` says whether the object's state allows it now,
    `not_ready` what a user is told when it does not."""

    perm: str | None
    department: Callable[[Any], int] | None = None
    other_department: str = ""
    ready: Callable[[Any], bool] = lambda obj: True
    not_ready: Callable[[Any], str] = lambda obj: ""
    # why this person, whatever their roles, may not take the action on this object ("" if they may)
    person: Callable[[User, Any], str] = lambda user, obj: ""

    def refusal(self, user: User, obj) -> PermissionDenied | None:
        """Why the user's role, department or own part in the object rules the action out on it, whatever
        its state."""
        if self.perm is not None and not has_perm(user, self.perm):
            return PermissionDenied(DENIED[self.perm])
        if self.department is not None and (
            user.department_id is None or user.department_id != self.department(obj)
        ):
            return PermissionDenied(self.other_department)
        if why := self.person(user, obj):
            return PermissionDenied(why)
        return None


def _application_is(*statuses: str) -> Callable[[Application], bool]:
    return lambda app: app.status in statuses


def _application_now(then: str) -> Callable[[Application], str]:
    return lambda app: f"申请当前为“{app.get_status_display()}”，{then}"


def _programme_department(app: Application) -> int:
    return app.programme.department_id


ENTERED_IT = "经办与审核分离：您录入或导入了这份申请，不能对它作出初审或复审决定"
DECIDED_FIRST = "复审不能由作出初审决定的同一人办理"


def _entered_by(user: User, app: Application) -> bool:
    """Whoever entered the application, by the form or by importing its file (the import's rows carry the
    importer as their creator). An enterprise's own application is entered by the enterprise."""
    return app.created_by_id is not None and app.created_by_id == user.pk


def _not_the_maker(user: User, app: Application) -> str:
    return ENTERED_IT if _entered_by(user, app) else ""


def _neither_maker_nor_first(user: User, app: Application) -> str:
    if _entered_by(user, app):
        return ENTERED_IT
    if app.pk is not None and any(d.step == "first" and d.actor_id == user.pk for d in app.decisions.all()):
        return DECIDED_FIRST
    return ""


A = Application.Status
APPLICATION_ACTIONS = {
    "first": Rule(
        "subsidy.first",
        _programme_department,
        "只能审核本部门主管项目的申请",
        _application_is(A.PENDING, A.FLAGGED),
        _application_now("不能初审"),
        _not_the_maker,
    ),
    "second": Rule(
        "subsidy.second",
        _programme_department,
        "只能审核本部门主管项目的申请",
        _application_is(A.FIRST_APPROVED),
        _application_now("不能复审"),
        _neither_maker_nor_first,
    ),
    "resubmit": Rule(
        "subsidy.apply",
        ready=_application_is(A.RETURNED),
        not_ready=_application_now("只有退回的申请可以补正"),
    ),
    "reveal": Rule("pii.reveal"),
}


def _why_not_resumable(job: ImportJob) -> str:
    if job.status == ImportJob.Status.DONE:
        return "导入已完成，无需继续"
    if job.status == ImportJob.Status.FAILED:
        return f"导入失败：{job.error}；同一文件继续导入仍会失败，请修正文件后重新上传"
    return f"导入正在进行（已处理 {job.rows_done} 行），无需继续"


def _why_no_result(job: ImportJob) -> str:
    if job.status == ImportJob.Status.FAILED:
        return f"导入失败，没有逐行结果：{job.error}"
    return f"导入尚未完成（已处理 {job.rows_done} 行），完成后才能下载逐行结果"


def _done(job: ImportJob) -> bool:
    return job.status == ImportJob.Status.DONE


IMPORT_ACTIONS = {
    "resume": Rule("subsidy.import", ready=stalled, not_ready=_why_not_resumable),
    "result": Rule(None, ready=_done, not_ready=_why_no_result),
    "whole_result": Rule("pii.reveal", ready=_done, not_ready=_why_no_result),  # with whole personal data
}

PROGRAMME_ACTIONS = {
    "edit": Rule("programme.edit", lambda programme: programme.department_id, "只能修改本部门主管的补贴项目"),
    "import": Rule("subsidy.import"),
    "pay": Rule("subsidy.pay"),  # a payout batch of its approved applications
}

_ACTIONS = {Application: APPLICATION_ACTIONS, ImportJob: IMPORT_ACTIONS, Programme: PROGRAMME_ACTIONS}


def allowed_actions(user: User, obj: Application | ImportJob | Programme) -> frozenset[str]:
    """What the user may do to the object now: the buttons its page shows."""
    return frozenset(
        action
        for action, rule in _ACTIONS[type(obj)].items()
        if rule.refusal(user, obj) is None and rule.ready(obj)
    )


def require_action(
    user: User,
    obj: Application | ImportJob | Programme,
    action: str,
    refuse: Callable[[str], Exception] = Conflict,
) -> None:
    """Refuse what allowed_actions would not offer: PermissionDenied (403) for the user's role or
    department, then `refuse(message)`, the caller's own error, for the object's state. Call it on the
    locked row where the action changes the object."""
    rule = _ACTIONS[type(obj)][action]
    if (denied := rule.refusal(user, obj)) is not None:
        raise denied
    if not rule.ready(obj):
        raise refuse(rule.not_ready(obj))


def may_edit_programme(user: User, programme: Programme) -> bool:
    """The programme's own department's approver (PROGRAMME_ACTIONS["edit"]): the role alone is not enough."""
    return "edit" in allowed_actions(user, programme)


def require_programme_edit(user: User, programme: Programme) -> None:
    """For a programme the user can see (programmes_for): 403 unless they may edit it."""
    require_action(user, programme, "edit")


def _require_role(user: User, model: type, action: str) -> None:
    """Before an object is looked up: 403 for a role that can never take the action."""
    perm = _ACTIONS[model][action].perm
    if perm is not None:
        require(user, perm)
