"""API of the two review decisions."""

from ninja import Router, Schema

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut
from liangxin.subsidies import access
from liangxin.subsidies.intake.api import ApplicationOut, application_out
from liangxin.subsidies.review import decisions

router = Router(tags=["补贴"])


class DecisionIn(Schema):
    outcome: str
    reason: str


@router.post(
    "/subsidy/applications/{public_id}/first-decision",
    response={200: ApplicationOut, 409: ErrorOut},
    summary="初审（经办）",
)
def first_decision(request, public_id: str, body: DecisionIn):
    return _decide(decisions.first_decision, request, public_id, body)


@router.post(
    "/subsidy/applications/{public_id}/second-decision",
    response={200: ApplicationOut, 409: ErrorOut},
    summary="复审（不能由初审同一人办理；批准即占用预算）",
)
def second_decision(request, public_id: str, body: DecisionIn):
    return _decide(decisions.second_decision, request, public_id, body)


def _decide(decide, request, public_id: str, body: DecisionIn):
    app = decide(request.user, access.application_or_404(request.user, public_id), body.outcome, body.reason)
    return jsonout.response(application_out(app))
