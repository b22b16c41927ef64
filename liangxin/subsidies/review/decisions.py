"""Two independent decisions on an application: the caseworker's first decision (初审) and the
approver's second (复审), never by the same person. The second approval commits the amount against the
programme's budget with one conditional UPDATE, so concurrent approvals can never commit more than the
budget (the database's check constraint is the second guard)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core.errors import Conflict
from liangxin.subsidies import reasons
from liangxin.subsidies.intake.applications import masked_snapshot
from liangxin.subsidies.models import Application, Decision, Programme

S = Application.Status
OUTCOMES = {"approve": "通过", "reject": "不予补贴", "return": "退回补正"}


class ReviewError(Conflict):
    pass


def _require(user, role: str, app: Application) -> None:
    scope.require(user, "subsidy.first" if role == "caseworker" else "subsidy.second")
    if user.department_id != app.programme.department_id:
        raise PermissionDenied("只能审核本部门主管项目的申请")


def _decide(user, app, step, outcome, reason, allowed, to):
    if outcome not in OUTCOMES:
        raise ReviewError(f"未知的审核结论：{outcome}")
    if wrong := reasons.problem(reason):
        raise ReviewError(f"审核{wrong}")
    app = Application.objects.select_for_update().select_related("programme").get(pk=app.pk)
    if app.status not in allowed:
        raise ReviewError(
            f"申请当前为“{app.get_status_display()}”，不能{'初审' if step == 'first' else '复审'}"
        )
    before = masked_snapshot(app)
    app.status = to[outcome]
    app.save(update_fields=["status"])
    Decision.objects.create(
        application=app, step=step, outcome=outcome, reason=reason.strip()[:300], actor=user
    )
    chain.record(
        f"application.{step}.{outcome}",
        obj=app,
        before=before,
        after=masked_snapshot(app) | {"reason": reason.strip()},
    )
    return app


@transaction.atomic
def first_decision(user, app: Application, outcome: str, reason: str) -> Application:
    _require(user, "caseworker", app)
    return _decide(
        user,
        app,
        "first",
        outcome,
        reason,
        (S.PENDING, S.FLAGGED),
        {"approve": S.FIRST_APPROVED, "reject": S.REJECTED, "return": S.RETURNED},
    )


@transaction.atomic
def second_decision(user, app: Application, outcome: str, reason: str) -> Application:
    _require(user, "approver", app)
    if Decision.objects.filter(application=app, step="first", actor=user).exists():
        raise ReviewError("复审不能由作出初审决定的同一人办理")
    if outcome == "approve":
        committed = Programme.objects.filter(
            pk=app.programme_id, committed__lte=F("budget") - app.amount
        ).update(committed=F("committed") + app.amount)
        if committed != 1:
            programme = Programme.objects.get(pk=app.programme_id)
            raise ReviewError(
                f"预算不足：{programme.name}预算 {programme.budget} 元，已承诺 {programme.committed} 元，"
                f"本申请 {app.amount} 元，不能再批准"
            )
    return _decide(
        user,
        app,
        "second",
        outcome,
        reason,
        (S.FIRST_APPROVED,),
        {"approve": S.APPROVED, "reject": S.REJECTED, "return": S.RETURNED},
    )
