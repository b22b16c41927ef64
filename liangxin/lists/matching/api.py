"""API of matching: the ranked candidates of a demand (supply entries) and of a supply entry (demands),
with their scores and reasons; the matches (search, one with its history), and marking them."""

from datetime import date, datetime

from ninja import Router, Schema

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, ProblemsOut, page
from liangxin.lists.matching import access, candidates, matches, queries
from liangxin.lists.matching.codes import MATCH_STATES
from liangxin.lists.matching.models import Match

router = Router(tags=["供需对接"])


class SupplyBrief(Schema):
    id: int
    product: str
    unit: str
    unit_name: str
    category: str
    category_name: str
    price_min: Number | None
    price_max: Number | None


class DemandBrief(Schema):
    id: int
    subject: str
    unit: str | None
    unit_name: str | None
    category: str | None
    quantity: Number
    measure: str
    amount: Number
    wanted_by: date


class CandidateOut(Schema):
    rank: int
    score: int
    reasons: list[str]
    matched: list[str]
    match_state: str | None  # the pair's match, if one is recorded


class SupplyCandidateOut(CandidateOut):
    supply: SupplyBrief


class DemandCandidateOut(CandidateOut):
    demand: DemandBrief


class StepOut(Schema):
    from_state: str
    to_state: str
    note: str
    by: str
    at: datetime


class MatchOut(Schema):
    id: int
    demand: DemandBrief
    supply: SupplyBrief
    state: str
    state_label: str
    value: Number | None
    signed_on: date | None
    note: str
    updated_at: datetime


class MatchDetailOut(MatchOut):
    steps: list[StepOut]
    next_states: list[str]
    may_mark: bool


class MarkIn(Schema):
    demand: int
    supply: int
    state: str
    value: Number | None = None
    on: date | None = None
    note: str = ""


class StateIn(Schema):
    state: str
    value: Number | None = None
    on: date | None = None
    note: str = ""


def supply_brief(e) -> dict:
    return {
        "id": e.pk,
        "product": e.product,
        "unit": e.unit.credit_code,
        "unit_name": e.unit.name,
        "category": e.category.code,
        "category_name": e.category.name,
        "price_min": e.price_min,
        "price_max": e.price_max,
    }


def demand_brief(e) -> dict:
    return {
        "id": e.pk,
        "subject": e.subject,
        "unit": e.unit.credit_code if e.unit_id else None,
        "unit_name": e.unit.name if e.unit_id else None,
        "category": e.category.code if e.category_id else None,
        "quantity": e.quantity,
        "measure": e.measure,
        "amount": e.amount,
        "wanted_by": e.wanted_by,
    }


def _out(m: Match) -> dict:
    return {
        "id": m.pk,
        "demand": demand_brief(m.demand),
        "supply": supply_brief(m.supply),
        "state": m.state,
        "state_label": MATCH_STATES.label(m.state),
        "value": m.value,
        "signed_on": m.signed_on,
        "note": m.note,
        "updated_at": m.updated_at,
    }


def _detail(m: Match, user) -> dict:
    steps = [
        {
            "from_state": s.from_state,
            "to_state": s.to_state,
            "note": s.note,
            "by": s.by.full_name or s.by.username,
            "at": s.at,
        }
        for s in m.steps.select_related("by")
    ]
    return _out(m) | {
        "steps": steps,
        "next_states": matches.next_states(m),
        "may_mark": access.may_mark(user, m.demand, m.supply),
    }


def _candidate(c, states: dict) -> dict:
    return {
        "rank": c.rank,
        "score": c.fit.score,
        "reasons": c.fit.reasons,
        "matched": c.fit.matched,
        "match_state": states.get(c.entry.pk),
    }


@router.get(
    "/lists/demand/{demand_id}/candidates",
    response={200: list[SupplyCandidateOut], 404: ErrorOut},
    summary="需求的候选供给（已采纳的两优清单条目，按类别、规格用词、认证荣誉、本地优先和价格排序，附理由）",
)
def demand_candidates(request, demand_id: int, limit: int = candidates.LIMIT):
    demand = access.entry_to_pair_or_404(request.user, "demand", demand_id)
    found = candidates.for_demand(demand, limit)
    states = dict(Match.objects.filter(demand=demand).values_list("supply_id", "state"))
    return jsonout.response([_candidate(c, states) | {"supply": supply_brief(c.entry)} for c in found])


@router.get(
    "/lists/supply/{supply_id}/candidates",
    response={200: list[DemandCandidateOut], 404: ErrorOut},
    summary="供给可对接的需求（已采纳的两新清单条目，排序与理由同上）",
)
def supply_candidates(request, supply_id: int, limit: int = candidates.LIMIT):
    supply = access.entry_to_pair_or_404(request.user, "supply", supply_id)
    found = candidates.for_supply(supply, limit)
    states = dict(Match.objects.filter(supply=supply).values_list("demand_id", "state"))
    return jsonout.response([_candidate(c, states) | {"demand": demand_brief(c.entry)} for c in found])


@router.get(
    "/lists/matches",
    response=Page[MatchOut],
    summary="供需对接（按需求、产品、单位搜索，按状态、产品类别筛选）",
)
def list_matches(
    request, q: str = "", state: str = "", category: str = "", limit: int = 100, offset: int = 0
):
    found = page(queries.matching(request.user, q, state, category), limit, offset)
    return jsonout.response(found | {"items": [_out(m) for m in found["items"]]})


@router.post(
    "/lists/matches",
    response={200: MatchDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="登记对接：已联系、意向、签约（金额万元、日期）或未成（写明原因）；已有对接则推进其状态",
)
def mark_match(request, body: MarkIn):
    demand = access.entry_to_pair_or_404(request.user, "demand", body.demand)
    supply = access.entry_to_pair_or_404(request.user, "supply", body.supply)
    match = matches.mark(request.user, demand, supply, body.state, body.value, body.on, body.note)
    return jsonout.response(_detail(access.match_or_404(request.user, match.pk), request.user))


@router.get(
    "/lists/matches/{match_id}",
    response={200: MatchDetailOut, 404: ErrorOut},
    summary="对接详情（状态变更记录）",
)
def match_detail(request, match_id: int):
    return jsonout.response(_detail(access.match_or_404(request.user, match_id), request.user))


@router.post(
    "/lists/matches/{match_id}/state",
    response={200: MatchDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="变更对接状态",
)
def move_match(request, match_id: int, body: StateIn):
    match = access.match_or_404(request.user, match_id)
    matches.mark(request.user, match.demand, match.supply, body.state, body.value, body.on, body.note)
    return jsonout.response(_detail(access.match_or_404(request.user, match_id), request.user))
