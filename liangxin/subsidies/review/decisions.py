"""Two independent decisions on an application: the caseworker's first decision (初审) and the
approver's second (复审), never by the same person, nor by whoever entered or imported the application
(maker–checker). The second approval commits the amount against the
programme's budget with one conditional UPDATE, so concurrent approvals can never commit more than the
budget (the database's check constraint is the second guard). Who may decide, and in which states, is
the rule of `access.APPLICATION_ACTIONS`."""

from django.db import transaction
from django.db.models import F

from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import Conflict
from liangxin.subsidies import access, notices
from liangxin.subsidies.intake.applications import masked_snapshot
from liangxin.subsidies.models import Application, Decision, Programme

S = Application.Status
OUTCOMES = {"approve": "通过", "reject": "不予补贴", "return": "退回补正"}


class ReviewError(Conflict):
    pass


def _locked(user, app: Application, step: str) -> Application:
    """The application locked, once the user may take this step on it now."""
    app = Application.objects.select_for_update().select_related("programme").get(pk=app.pk)
    access.require_action(user, app, step, ReviewError)
    return app


def _decide(user, app, step, outcome, reason, to):
    if outcome not in OUTCOMES:
        raise ReviewError(f"未知的审核结论：{outcome}")
    if wrong := reasons.problem(reason):
        raise ReviewError(f"审核{wrong}")
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
    notices.decided(app)
    return app


@transaction.atomic
def first_decision(user, app: Application, outcome: str, reason: str) -> Application:
    return _decide(
        user,
        _locked(user, app, "first"),
        "first",
        outcome,
        reason,
        {"approve": S.FIRST_APPROVED, "reject": S.REJECTED, "return": S.RETURNED},
    )


@transaction.atomic
def second_decision(user, app: Application, outcome: str, reason: str) -> Application:
    app = _locked(user, app, "second")
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
        {"approve": S.APPROVED, "reject": S.REJECTED, "return": S.RETURNED},
    )
