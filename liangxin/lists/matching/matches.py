"""Marking how far a demand and a supply entry went: 已联系, 意向, 签约 (its value in 万元 and its date), or
未成 (with a reason). A new match starts only between an accepted demand and an accepted supply entry; each
change is a step of the match's history and an audit entry."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import Conflict, FieldProblem, Invalid
from liangxin.lists.matching import access
from liangxin.lists.matching.codes import FIRST_STATES, MATCH_STATES
from liangxin.lists.matching.models import Match, MatchStep
from liangxin.lists.models import DemandEntry, SupplyEntry

MAX_VALUE = Decimal("9999999999")


def next_states(match: Match | None) -> list[str]:
    return list(FIRST_STATES) if match is None else list(MATCH_STATES[match.state].next)


def _value(text) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise Invalid("签约金额应为数字", [FieldProblem("value", "签约金额：应为数字（万元）")]) from None
    if not value.is_finite() or value <= 0 or value > MAX_VALUE:
        raise Invalid("签约金额应大于 0", [FieldProblem("value", "签约金额：应大于 0（万元）")])
    return value.quantize(Decimal("0.0001"))


def _check(state: str, value, on: date | None, note: str) -> tuple[Decimal | None, date | None]:
    if state not in MATCH_STATES:
        raise Invalid("对接状态不正确", [FieldProblem("state", f"对接状态：没有“{state}”")])
    if state == "closed" and (wrong := reasons.problem(note)):
        raise Invalid(f"未成{wrong}", [FieldProblem("note", f"未成原因：{wrong}")])
    if state != "signed":
        return None, None
    if value in (None, ""):
        raise Invalid("签约须填写金额", [FieldProblem("value", "签约金额：须填写（万元）")])
    amount = _value(value)
    if on is None:
        raise Invalid("签约须填写日期", [FieldProblem("on", "签约日期：须填写，如 2025-03-01")])
    if on > timezone.localdate():
        raise Invalid("签约日期不能晚于今天", [FieldProblem("on", "签约日期：不能晚于今天")])
    return amount, on


@transaction.atomic
def mark(
    user: User,
    demand: DemandEntry,
    supply: SupplyEntry,
    state: str,
    value=None,
    on: date | None = None,
    note: str = "",
) -> Match:
    """Record the pairing's new state, creating the match at its first mark."""
    access.require_mark(user, demand, supply)
    amount, signed_on = _check(state, value, on, note)
    note = (note or "").strip()[:300]
    match = Match.objects.select_for_update().filter(demand=demand, supply=supply).first()
    if match is None:
        if demand.status != "accepted" or supply.status != "accepted":
            raise Conflict("只有已采纳的需求和已采纳的供给之间可以登记对接")
        if state not in FIRST_STATES:
            raise Conflict(f"尚未对接，不能登记为“{MATCH_STATES.label(state)}”")
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    demand=demand,
                    supply=supply,
                    state=state,
                    value=amount,
                    signed_on=signed_on,
                    note=note,
                    created_by=user,
                )
        except IntegrityError:
            raise Conflict("这一对需求和供给已登记对接，请刷新后再试") from None
        MatchStep.objects.create(match=match, to_state=state, note=note, by=user)
        chain.record("match.create", obj=match, after=_snapshot(match))
        return match
    if state not in MATCH_STATES[match.state].next:
        allowed = "、".join(MATCH_STATES.label(s) for s in MATCH_STATES[match.state].next) or "无"
        raise Conflict(
            f"对接现为“{MATCH_STATES.label(match.state)}”，不能改为“{MATCH_STATES.label(state)}”（可改为：{allowed}）"
        )
    before = _snapshot(match)
    MatchStep.objects.create(match=match, from_state=match.state, to_state=state, note=note, by=user)
    match.state, match.note = state, note
    if state == "signed":
        match.value, match.signed_on = amount, signed_on
    match.save()
    chain.record("match.state", obj=match, before=before, after=_snapshot(match))
    return match


def _snapshot(match: Match) -> dict:
    return {
        "demand": match.demand_id,
        "supply": match.supply_id,
        "state": match.state,
        "value": str(match.value) if match.value is not None else None,
        "signed_on": match.signed_on.isoformat() if match.signed_on else None,
        "note": match.note,
    }
