"""The rows of an event: the units taking part (each once, with its role) and the outcomes reached there
(an intention or a contract between a supplying participant and a demand, with its value in 万元). A unit
named in an outcome stays a participant while the outcome stands."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import bounds
from liangxin.core.errors import Conflict, FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.enterprises.models import Unit
from liangxin.events import access
from liangxin.events.codes import OUTCOME_KINDS, PARTICIPANT_ROLES, find
from liangxin.events.models import Event, Outcome, Participant
from liangxin.events.records import locked


def unit_named(given) -> Unit | None:
    """A registered unit by its 统一社会信用代码, its name or its id."""
    text = str(given or "").strip()
    if not text:
        return None
    return (
        Unit.objects.filter(credit_code=text.upper()).first()
        or Unit.objects.filter(name=text).first()
        or (Unit.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None)
    )


def _refuse(problems: list[FieldProblem], summary: str):
    raise Invalid(problems[0].message if len(problems) == 1 else summary, problems)


@transaction.atomic
def add_participant(user: User, event: Event, unit, role) -> Participant:
    event = locked(event)
    access.require_action(user, event, "participants")
    problems = []
    found = unit_named(unit)
    if found is None:
        problems.append(
            FieldProblem("unit", "参加单位：请填写已在“企业与单位”登记的单位名称或统一社会信用代码")
        )
    elif event.participants.filter(unit=found).exists():
        problems.append(FieldProblem("unit", f"参加单位：{found.name} 已是本活动的参加单位"))
    entry = find(PARTICIPANT_ROLES, role)
    if entry is None:
        problems.append(
            FieldProblem("role", f"角色：应为{'、'.join(r.label for r in PARTICIPANT_ROLES)}之一")
        )
    if problems:
        _refuse(problems, "参加单位信息有误")
    participant = Participant.objects.create(event=event, unit=found, role=entry.code)
    chain.record("event.participant.add", obj=event, after={"unit": found.credit_code, "role": entry.code})
    return participant


@transaction.atomic
def remove_participant(user: User, event: Event, participant: Participant) -> None:
    event = locked(event)
    access.require_action(user, event, "participants")
    unit = participant.unit
    if event.outcomes.filter(Q(supply=unit) | Q(demand=unit)).exists():
        raise Conflict(f"{unit.name} 在本活动的对接成果中，请先删除这些成果")
    participant.delete()
    chain.record("event.participant.remove", obj=event, before={"unit": unit.credit_code})


def _value(kind: str, given) -> Decimal | None:
    """万元 with up to 4 decimals: a contract's value is required; an intention's may be left out."""
    if given is None or str(given).strip() == "":
        if kind == "contract":
            raise ValueError("签约须填写金额")
        return None
    found = bounds.number(given, digits=14, places=4)
    if found < 0 or (kind == "contract" and found == 0):
        raise ValueError("应大于 0" if kind == "contract" else "不能为负数")
    return found


@transaction.atomic
def add_outcome(user: User, event: Event, data: dict) -> Outcome:
    event = locked(event)
    access.require_action(user, event, "outcomes")
    problems = []

    def wrong(field, message):
        problems.append(FieldProblem(field, message))

    taking_part = {p.unit_id for p in event.participants.all()}
    supply = unit_named(data.get("supply"))
    if supply is None or supply.pk not in taking_part:
        wrong("supply", "供方单位：应为本活动的参加单位（名称或统一社会信用代码）")
    demand_given = str(data.get("demand") or "").strip()
    demand = unit_named(demand_given)
    if demand is not None and demand.pk not in taking_part:
        wrong("demand", f"需方：{demand.name} 不是本活动的参加单位，请先增加为参加单位")
    elif not demand_given:
        wrong("demand", "需方：必填（参加单位的名称，或需方的文字说明）")
    elif demand is None and (problem := text_problem(demand_given, 200)):
        wrong("demand", f"需方：{problem}")
    kind = find(OUTCOME_KINDS, data.get("kind"))
    if kind is None:
        wrong("kind", "类型：应为意向或签约")
    else:
        try:
            value = _value(kind.code, data.get("value"))
        except ValueError as exc:
            wrong("value", f"金额（万元）：{exc}")
    note = str(data.get("note") or "").strip()
    if problem := text_problem(note, 300):
        wrong("note", f"备注：{problem}")
    if problems:
        _refuse(problems, "对接成果信息有误")
    outcome = Outcome.objects.create(
        event=event,
        supply=supply,
        demand=demand,
        demand_text="" if demand else demand_given,
        kind=kind.code,
        value=value,
        note=note,
        entered_by=user,
    )
    chain.record(
        "event.outcome.add",
        obj=event,
        after={
            "supply": supply.credit_code,
            "demand": demand.credit_code if demand else demand_given,
            "kind": kind.code,
            "value": f"{value:.4f}" if value is not None else None,
        },
    )
    return outcome


@transaction.atomic
def remove_outcome(user: User, event: Event, outcome: Outcome) -> None:
    event = locked(event)
    access.require_action(user, event, "outcomes")
    before = {
        "supply": outcome.supply.credit_code,
        "demand": outcome.demand_name,
        "kind": outcome.kind,
        "value": f"{outcome.value:.4f}" if outcome.value is not None else None,
    }
    outcome.delete()
    chain.record("event.outcome.remove", obj=event, before=before)
