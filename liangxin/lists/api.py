"""API of the 两优 and 两新 lists: each list searched and filtered, one entry with its history and the actions
the user may take, adding and changing an entry (the same checks as the form), submitting, reviewing
(accept, or return with a reason), withdrawing with a reason, revealing the contact's phone with a reason;
and the supply categories. The two lists' endpoints are made by one function each, named per list so that
their operation ids say which list they serve."""

from datetime import datetime
from typing import Literal

from ninja import Router, Schema

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, ProblemsOut, page
from liangxin.lists import access, entries, queries, review

router = Router(tags=["两优两新清单"])


class ChangeOut(Schema):
    step: str
    step_label: str
    from_status: str
    to_status: str
    note: str
    by: str
    at: datetime


class EntryOut(Schema):
    id: int
    status: str
    status_label: str
    unit: str | None
    unit_name: str | None
    department: str | None
    specification: str
    contact_name: str
    contact_phone: str  # masked
    review_note: str
    withdrawn_reason: str
    updated_at: datetime


class SupplyOut(EntryOut):
    product: str
    category: str
    category_name: str
    certifications: str
    honours: list[int]
    capacity: str
    price_min: Number | None
    price_max: Number | None


class DemandOut(EntryOut):
    kind: str
    town: str | None
    subject: str
    field: str
    category: str | None
    consumer_category: str
    quantity: Number
    measure: str
    amount: Number
    wanted_by: str  # YYYY-MM


class Detail(Schema):
    actions: list[str]
    history: list[ChangeOut]


class SupplyDetailOut(SupplyOut, Detail):
    pass


class DemandDetailOut(DemandOut, Detail):
    pass


class SupplyIn(Schema):
    unit: str = ""  # an enterprise account: its own unit whatever is given
    product: str
    category: str
    specification: str = ""
    certifications: str = ""
    honours: list[int] = []
    capacity: str = ""
    price_min: Number | None = None
    price_max: Number | None = None
    contact_name: str = ""
    contact_phone: str = ""


class SupplyChanges(Schema):
    unit: str | None = None
    product: str | None = None
    category: str | None = None
    specification: str | None = None
    certifications: str | None = None
    honours: list[int] | None = None
    capacity: str | None = None
    price_min: Number | None = None
    price_max: Number | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


class DemandIn(Schema):
    kind: str
    unit: str = ""
    town: str = ""
    subject: str
    field: str = ""
    category: str = ""
    consumer_category: str = ""
    specification: str = ""
    quantity: Number
    measure: str = ""
    amount: Number
    wanted_by: str
    contact_name: str = ""
    contact_phone: str = ""


class DemandChanges(Schema):
    kind: str | None = None
    unit: str | None = None
    town: str | None = None
    subject: str | None = None
    field: str | None = None
    category: str | None = None
    consumer_category: str | None = None
    specification: str | None = None
    quantity: Number | None = None
    measure: str | None = None
    amount: Number | None = None
    wanted_by: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


class ReviewIn(Schema):
    decision: Literal["accept", "return"]
    note: str = ""  # the reason, required to return


class ReasonIn(Schema):
    reason: str


class PhoneOut(Schema):
    contact_phone: str


class CategoryOut(Schema):
    code: str
    name: str


def _common(e) -> dict:
    return {
        "id": e.pk,
        "status": e.status,
        "status_label": e.get_status_display(),
        "unit": e.unit.credit_code if e.unit else None,
        "unit_name": e.unit.name if e.unit else None,
        "department": e.department.code if e.department else None,
        "specification": e.specification,
        "contact_name": e.contact_name,
        "contact_phone": e.contact_phone_masked,
        "review_note": e.review_note,
        "withdrawn_reason": e.withdrawn_reason,
        "updated_at": e.updated_at,
    }


def _supply(e) -> dict:
    return _common(e) | {
        "product": e.product,
        "category": e.category.code,
        "category_name": e.category.name,
        "certifications": e.certifications,
        "honours": sorted(h.pk for h in e.honours.all()),
        "capacity": e.capacity,
        "price_min": e.price_min,
        "price_max": e.price_max,
    }


def _demand(e) -> dict:
    return _common(e) | {
        "kind": e.kind,
        "town": e.town.code if e.town else None,
        "subject": e.subject,
        "field": e.field,
        "category": e.category.code if e.category else None,
        "consumer_category": e.consumer_category,
        "quantity": e.quantity,
        "measure": e.measure,
        "amount": e.amount,
        "wanted_by": e.wanted_by.strftime("%Y-%m"),
    }


OUT = {"supply": _supply, "demand": _demand}


def _detail(list_code: str, entry, user) -> dict:
    return OUT[list_code](entry) | {
        "actions": sorted(access.allowed_actions(user, entry)),
        "history": [
            {
                "step": c.step,
                "step_label": c.get_step_display(),
                "from_status": c.from_status,
                "to_status": c.to_status,
                "note": c.note,
                "by": str(c.by),
                "at": c.at,
            }
            for c in review.history(entry)
        ],
    }


def _named(function, name: str):
    function.__name__ = name
    return function


def _routes(code: str, label: str, out, detail_out, body_in, changes_in) -> None:
    base = f"/lists/{code}"
    item = f"{base}/{{entry_id}}"
    refusals = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut}

    def listed(
        request,
        q: str = "",
        status: str = "",
        category: str = "",
        kind: str = "",
        unit: str = "",
        town: str = "",
        limit: int = 100,
        offset: int = 0,
    ):
        found = queries.FIND[code](
            request.user, q=q, status=status, category=category, kind=kind, unit=unit, town=town
        )
        found = page(found, limit, offset)
        return jsonout.response(found | {"items": [OUT[code](e) for e in found["items"]]})

    router.get(base, response=Page[out], summary=f"{label}（搜索，按状态、类别、单位、街道/镇筛选）")(
        _named(listed, f"list_{code}")
    )

    def create(request, body: body_in):
        entry = entries.create(request.user, code, body.dict())
        return jsonout.response(_detail(code, entry, request.user), status=201)

    router.post(
        base, response={201: detail_out, 403: ErrorOut, 422: ProblemsOut}, summary=f"新增{label}条目（草稿）"
    )(_named(create, f"create_{code}"))

    def detail(request, entry_id: int):
        return jsonout.response(
            _detail(code, access.entry_or_404(request.user, code, entry_id), request.user)
        )

    router.get(item, response={200: detail_out, 404: ErrorOut}, summary=f"{label}条目详情（含历史）")(
        _named(detail, f"{code}_detail")
    )

    def update(request, entry_id: int, body: changes_in):
        entry = access.entry_or_404(request.user, code, entry_id)
        entry, _ = entries.update(request.user, entry, body.dict(exclude_unset=True))
        return jsonout.response(_detail(code, entry, request.user))

    router.patch(item, response={200: detail_out} | refusals, summary=f"修改{label}条目（草稿或已退回）")(
        _named(update, f"update_{code}")
    )

    def submit(request, entry_id: int):
        entry = review.submit(request.user, access.entry_or_404(request.user, code, entry_id))
        return jsonout.response(_detail(code, entry, request.user))

    router.post(f"{item}/submit", response={200: detail_out} | refusals, summary=f"提交{label}条目审核")(
        _named(submit, f"submit_{code}")
    )

    def decide(request, entry_id: int, body: ReviewIn):
        entry = access.entry_or_404(request.user, code, entry_id)
        if body.decision == "accept":
            entry = review.accept(request.user, entry, body.note)
        else:
            entry = review.return_entry(request.user, entry, body.note)
        return jsonout.response(_detail(code, entry, request.user))

    router.post(
        f"{item}/review",
        response={200: detail_out} | refusals,
        summary=f"审核{label}条目（牵头部门：采纳，或写明理由退回）",
    )(_named(decide, f"review_{code}"))

    def withdraw(request, entry_id: int, body: ReasonIn):
        entry = review.withdraw(request.user, access.entry_or_404(request.user, code, entry_id), body.reason)
        return jsonout.response(_detail(code, entry, request.user))

    router.post(
        f"{item}/withdraw", response={200: detail_out} | refusals, summary=f"撤回{label}条目（写明原因）"
    )(_named(withdraw, f"withdraw_{code}"))

    def reveal(request, entry_id: int, body: ReasonIn):
        entry = access.entry_or_404(request.user, code, entry_id)
        return jsonout.response({"contact_phone": entries.reveal_phone(request.user, entry, body.reason)})

    router.post(
        f"{item}/reveal",
        response={200: PhoneOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
        summary=f"查看{label}条目完整联系电话（写明理由，记入审计）",
    )(_named(reveal, f"reveal_{code}_phone"))


_routes("supply", "两优清单", SupplyOut, SupplyDetailOut, SupplyIn, SupplyChanges)
_routes("demand", "两新清单", DemandOut, DemandDetailOut, DemandIn, DemandChanges)


@router.get("/lists/supply-categories", response=list[CategoryOut], summary="两优清单产品类别")
def supply_categories(request):
    if not access.sees_lists(request.user):
        access.entries_for(request.user, "supply")  # refuses with the lists' message
    return jsonout.response([{"code": c.code, "name": c.name} for c in access.supply_categories()])
