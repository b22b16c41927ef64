"""An event's record: its fields checked once for the form, the API and an import (each fault named by
field, and by row in a file), created, changed and deleted with an audit entry; then held on a day or
cancelled with a reason."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.events import access
from liangxin.events.codes import EVENT_KINDS, find
from liangxin.events.models import Event

LABELS = {
    "kind": "活动类型",
    "title": "活动名称",
    "start": "开始日期",
    "end": "结束日期",
    "place": "地点",
    "organiser": "主办部门",
    "co_organisers": "协办单位",
}
EARLIEST, LATEST = date(2015, 1, 1), date(2040, 12, 31)


class EventInvalid(Invalid):
    summary = "活动信息有误"


def as_date(value) -> date:
    if isinstance(value, datetime):  # a spreadsheet's date cell
        found = value.date()
    elif isinstance(value, date):
        found = value
    else:
        try:
            found = date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise ValueError("应为日期，如 2026-05-01") from exc
    if not EARLIEST <= found <= LATEST:
        raise ValueError(f"应在 {EARLIEST.year} 至 {LATEST.year} 年之间")
    return found


def _department(text: str) -> Department | None:
    return (
        Department.objects.filter(code=text).first()
        or Department.objects.filter(name=text).first()
        or Department.objects.filter(short_name=text).first()
    )


def clean(data: dict, partial: bool = False, row: int | None = None) -> dict:
    problems: list[FieldProblem] = []
    values: dict = {}

    def given(field):
        return not partial or field in data

    def wrong(field, message):
        problems.append(FieldProblem(field, f"{LABELS[field]}：{message}", row))

    if given("kind"):
        entry = find(EVENT_KINDS, data.get("kind"))
        if entry is None:
            wrong("kind", f"应为{'、'.join(k.label for k in EVENT_KINDS)}之一")
        else:
            values["kind"] = entry.code
    for field, limit, required in (("title", 200, True), ("place", 200, True), ("co_organisers", 300, False)):
        if given(field):
            text = str(data.get(field) or "").strip()
            if required and not text:
                wrong(field, "必填")
            elif problem := text_problem(text, limit) or ("不能换行" if "\n" in text else None):
                wrong(field, problem)
            else:
                values[field] = text
    for field in ("start", "end"):
        if given(field):
            if field == "end" and not str(data.get("end") or "").strip():
                continue  # a one-day event: it ends the day it starts
            try:
                values[field] = as_date(data.get(field))
            except ValueError as exc:
                wrong(field, str(exc))
    if given("organiser"):
        text = str(data.get("organiser") or "").strip()
        found = _department(text) if text else None
        if found is None or found.kind in (Department.Kind.STREET, Department.Kind.TOWN):
            wrong("organiser", f"“{text}”不是区直部门" if text else "必填")
        values["organiser"] = found
    if problems:
        raise EventInvalid(problems[0].message if len(problems) == 1 else "活动信息有误", problems)
    return values


def consistent(event: Event, row: int | None = None) -> None:
    if event.end < event.start:
        message = "结束日期：不能早于开始日期"
        raise EventInvalid(message, [FieldProblem("end", message, row)])


def snapshot(event: Event) -> dict:
    return {
        "kind": event.kind,
        "title": event.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "place": event.place,
        "organiser": event.organiser.code,
        "co_organisers": event.co_organisers,
        "status": event.status,
        "held_on": event.held_on.isoformat() if event.held_on else None,
        "cancel_reason": event.cancel_reason,
    }


def planned(user: User, data: dict, row: int | None = None) -> Event:
    """The event the data describes, checked and refused as the user may not organise it, not yet saved."""
    values = clean(data, row=row)
    values.setdefault("end", values["start"])
    event = Event(created_by=user, **values)
    access.require_edit(user, event)  # a department organises its own events
    consistent(event, row)
    return event


@transaction.atomic
def create(user: User, data: dict) -> Event:
    access.require_edit(user, None)
    event = planned(user, data)
    event.save()
    chain.record("event.create", obj=event, after=snapshot(event))
    return event


def locked(event: Event) -> Event:
    """The event as it stands now, locked until the transaction ends: its status decides what may be done."""
    return Event.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=event.pk)


@transaction.atomic
def update(user: User, event: Event, data: dict) -> tuple[Event, bool]:
    event = locked(event)
    access.require_action(user, event, "edit")
    values = clean(data, partial=True)
    before = snapshot(event)
    for field, value in values.items():
        setattr(event, field, value)
    access.require_edit(user, event)  # a department cannot hand its event to another
    consistent(event)
    after = snapshot(event)
    if after == before:
        return event, False
    event.save()
    chain.record("event.update", obj=event, before=before, after=after)
    return event, True


@transaction.atomic
def delete(user: User, event: Event) -> None:
    event = locked(event)
    access.require_action(user, event, "delete")
    before = snapshot(event)
    chain.record("event.delete", obj=event, before=before)
    event.delete()


@transaction.atomic
def mark_held(user: User, event: Event, held_on) -> Event:
    """The event took place on `held_on` (not after today): from now on it counts toward the plan."""
    event = locked(event)
    access.require_action(user, event, "held")
    try:
        day = as_date(held_on)
        if day > timezone.localdate():
            raise ValueError("不能晚于今天")
    except ValueError as exc:
        raise Invalid(f"举办日期：{exc}", [FieldProblem("held_on", f"举办日期：{exc}")]) from exc
    event.status, event.held_on = "held", day
    event.save(update_fields=["status", "held_on", "updated_at"])
    chain.record("event.held", obj=event, before={"status": "planned"}, after={"held_on": day.isoformat()})
    return event


@transaction.atomic
def cancel(user: User, event: Event, reason: str) -> Event:
    event = locked(event)
    access.require_action(user, event, "cancel")
    if wrong := reasons.problem(reason):
        raise Invalid(f"取消{wrong}", [FieldProblem("reason", f"取消原因：{wrong}")])
    event.status, event.cancel_reason = "cancelled", reason.strip()[:300]
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    chain.record(
        "event.cancel", obj=event, before={"status": "planned"}, after={"reason": event.cancel_reason}
    )
    return event
