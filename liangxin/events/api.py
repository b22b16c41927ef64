"""API of events: the list (search and filters, with each event's summary figures), one event with its
participants and outcomes; add, change and delete an event; add and remove participants and outcomes;
mark an event held or cancelled."""

from datetime import date

from ninja import Router, Schema, Status

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, ProblemsOut, page
from liangxin.events import access, queries, records, rows
from liangxin.events.models import Event

router = Router(tags=["对接和促销活动"])


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    start: date
    end: date
    place: str
    organiser: str
    co_organisers: str
    status: str
    status_label: str
    held_on: date | None
    cancel_reason: str
    participant_count: int
    intentions: int
    contracts: int
    contract_value: Number


class ParticipantOut(Schema):
    id: int
    unit: str
    unit_name: str
    role: str
    role_label: str


class OutcomeOut(Schema):
    id: int
    supply: str
    supply_name: str
    demand: str | None
    demand_name: str
    kind: str
    kind_label: str
    value: Number | None
    note: str


class EventDetailOut(EventOut):
    participants: list[ParticipantOut]
    outcomes: list[OutcomeOut]
    actions: list[str]


class EventIn(Schema):
    kind: str
    title: str
    start: date
    end: date | None = None
    place: str
    organiser: str | None = None
    co_organisers: str = ""


class EventChanges(Schema):
    kind: str | None = None
    title: str | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = None
    organiser: str | None = None
    co_organisers: str | None = None


class ParticipantIn(Schema):
    unit: str
    role: str


class OutcomeIn(Schema):
    supply: str
    demand: str
    kind: str
    value: Number | None = None
    note: str = ""


class HeldIn(Schema):
    held_on: date


class CancelIn(Schema):
    reason: str


def _out(e: Event) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "title": e.title,
        "start": e.start,
        "end": e.end,
        "place": e.place,
        "organiser": e.organiser.code,
        "co_organisers": e.co_organisers,
        "status": e.status,
        "status_label": e.get_status_display(),
        "held_on": e.held_on,
        "cancel_reason": e.cancel_reason,
        "participant_count": e.participant_count,
        "intentions": e.intentions,
        "contracts": e.contracts,
        "contract_value": e.contract_value,
    }


def _detail(user, pk: int) -> dict:
    event = queries.with_figures(access.events_for(user).select_related("organiser")).get(pk=pk)
    return _out(event) | {
        "participants": [
            {
                "id": p.pk,
                "unit": p.unit.credit_code,
                "unit_name": p.unit.name,
                "role": p.role,
                "role_label": p.get_role_display(),
            }
            for p in event.participants.select_related("unit")
        ],
        "outcomes": [
            {
                "id": o.pk,
                "supply": o.supply.credit_code,
                "supply_name": o.supply.name,
                "demand": o.demand.credit_code if o.demand_id else None,
                "demand_name": o.demand_name,
                "kind": o.kind,
                "kind_label": o.get_kind_display(),
                "value": o.value,
                "note": o.note,
            }
            for o in event.outcomes.select_related("supply", "demand")
        ],
        "actions": sorted(access.allowed_actions(user, event)),
    }


@router.get(
    "/events",
    response=Page[EventOut],
    summary="对接和促销活动（按名称、地点、参加单位搜索，按类型、年度、状态、主办部门筛选）",
)
def list_events(
    request,
    q: str = "",
    kind: str = "",
    year: str = "",
    status: str = "",
    organiser: str = "",
    since: str = "",
    until: str = "",
    limit: int = 100,
    offset: int = 0,
):
    found = page(
        queries.matching(request.user, q, kind, year, status, organiser, since, until), limit, offset
    )
    return jsonout.response(found | {"items": [_out(e) for e in found["items"]]})


@router.post(
    "/events",
    response={201: EventDetailOut, 403: ErrorOut, 422: ProblemsOut},
    summary="登记活动（计划中；主办部门默认为本部门）",
)
def create_event(request, body: EventIn):
    data = body.dict()
    if not data.get("organiser") and request.user.department_id:
        data["organiser"] = request.user.department.code
    event = records.create(request.user, data)
    return jsonout.response(_detail(request.user, event.pk), status=201)


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, 404: ErrorOut},
    summary="活动详情（参加单位、对接成果和汇总数）",
)
def event_detail(request, event_id: int):
    return jsonout.response(_detail(request.user, access.event_or_404(request.user, event_id).pk))


@router.patch(
    "/events/{event_id}",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="修改活动（只给出要改的字段）",
)
def update_event(request, event_id: int, body: EventChanges):
    event = access.event_or_404(request.user, event_id)
    records.update(request.user, event, body.dict(exclude_unset=True))
    return jsonout.response(_detail(request.user, event.pk))


@router.delete(
    "/events/{event_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="删除活动（只限计划中的活动）",
)
def delete_event(request, event_id: int):
    records.delete(request.user, access.event_or_404(request.user, event_id))
    return Status(204, None)


@router.post(
    "/events/{event_id}/held",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="登记活动已举办（举办日期不晚于今天）",
)
def mark_held(request, event_id: int, body: HeldIn):
    event = access.event_or_404(request.user, event_id)
    records.mark_held(request.user, event, body.held_on)
    return jsonout.response(_detail(request.user, event.pk))


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="取消活动（须写原因）",
)
def cancel_event(request, event_id: int, body: CancelIn):
    event = access.event_or_404(request.user, event_id)
    records.cancel(request.user, event, body.reason)
    return jsonout.response(_detail(request.user, event.pk))


@router.post(
    "/events/{event_id}/participants",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="增加参加单位（已登记的单位，角色：供方、需方、参展商、其他）",
)
def add_participant(request, event_id: int, body: ParticipantIn):
    event = access.event_or_404(request.user, event_id)
    rows.add_participant(request.user, event, body.unit, body.role)
    return jsonout.response(_detail(request.user, event.pk))


@router.delete(
    "/events/participants/{participant_id}",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="移除参加单位（对接成果中的单位须先删除其成果）；答复其活动",
)
def remove_participant(request, participant_id: int):
    participant = access.participant_or_404(request.user, participant_id)
    rows.remove_participant(request.user, participant.event, participant)
    return jsonout.response(_detail(request.user, participant.event_id))


@router.post(
    "/events/{event_id}/outcomes",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="登记对接成果（意向或签约，金额万元；签约须填金额）",
)
def add_outcome(request, event_id: int, body: OutcomeIn):
    event = access.event_or_404(request.user, event_id)
    rows.add_outcome(request.user, event, body.dict())
    return jsonout.response(_detail(request.user, event.pk))


@router.delete(
    "/events/outcomes/{outcome_id}",
    response={200: EventDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="删除对接成果；答复其活动",
)
def remove_outcome(request, outcome_id: int):
    outcome = access.outcome_or_404(request.user, outcome_id)
    rows.remove_outcome(request.user, outcome.event, outcome)
    return jsonout.response(_detail(request.user, outcome.event_id))
