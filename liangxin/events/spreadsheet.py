"""Events as Excel: the export (one row an event with its summary figures, and a second sheet of the
outcomes), and an import that checks every row before it saves any (a file with faults saves nothing and
names each fault by row), then adds the events in one transaction and one audit entry. A row with a 举办日期
records an event already held."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import excel
from liangxin.core.errors import FieldProblem
from liangxin.events import access, records
from liangxin.events.codes import EVENT_KINDS, EVENT_STATUSES, OUTCOME_KINDS
from liangxin.events.models import Event, Outcome
from liangxin.events.records import EventInvalid

EVENT_HEADERS = [
    "活动名称",
    "活动类型",
    "状态",
    "开始日期",
    "结束日期",
    "举办日期",
    "地点",
    "主办部门",
    "协办单位",
    "参加单位数",
    "意向数",
    "签约数",
    "签约金额（万元）",
    "取消原因",
]
OUTCOME_HEADERS = [
    "活动名称",
    "活动类型",
    "供方单位",
    "供方统一社会信用代码",
    "需方",
    "类型",
    "金额（万元）",
    "备注",
]
IMPORT_COLUMNS = {  # header → field
    "活动类型": "kind",
    "活动名称": "title",
    "开始日期": "start",
    "结束日期": "end",
    "地点": "place",
    "主办部门": "organiser",
    "协办单位": "co_organisers",
    "举办日期": "held_on",
}
REQUIRED_HEADERS = ["活动类型", "活动名称", "开始日期", "地点"]
MAX_ROWS = 5_000


def export(events) -> bytes:
    """`events` as queries.matching gives them (with their figures)."""
    workbook = excel.new_workbook(write_only=True)
    rows = (
        [
            e.title,
            EVENT_KINDS.label(e.kind),
            EVENT_STATUSES.label(e.status),
            e.start,
            e.end,
            e.held_on,
            e.place,
            e.organiser.name,
            e.co_organisers,
            e.participant_count,
            e.intentions,
            e.contracts,
            e.contract_value,
            e.cancel_reason,
        ]
        for e in events
    )
    excel.add_sheet(
        workbook, "活动", EVENT_HEADERS, rows, [36, 18, 8, 12, 12, 12, 24, 20, 24, 10, 8, 8, 14, 20]
    )
    outcomes = (
        Outcome.objects.filter(event__in=events.values("pk"))
        .select_related("event", "supply", "demand")
        .order_by("event__start", "event_id", "id")
    )
    excel.add_sheet(
        workbook,
        "对接成果",
        OUTCOME_HEADERS,
        (
            [
                o.event.title,
                EVENT_KINDS.label(o.event.kind),
                o.supply.name,
                o.supply.credit_code,
                o.demand_name,
                OUTCOME_KINDS.label(o.kind),
                o.value,
                o.note,
            ]
            for o in outcomes
        ),
        [36, 18, 30, 22, 30, 8, 14, 30],
    )
    return excel.to_bytes(workbook)


def _row_event(user: User, cells: dict, number: int, seen: dict) -> Event:
    data = {IMPORT_COLUMNS[h]: v for h, v in cells.items() if h in IMPORT_COLUMNS}
    if not str(data.get("organiser") or "").strip() and user.department_id:
        data["organiser"] = user.department.code
    held_on = data.pop("held_on", None)
    event = records.planned(user, data, row=number)
    if held_on not in (None, ""):
        try:
            event.held_on = records.as_date(held_on)
            if event.held_on > timezone.localdate():
                raise ValueError("不能晚于今天")
        except ValueError as exc:
            message = f"举办日期：{exc}"
            raise EventInvalid(message, [FieldProblem("held_on", message, number)]) from exc
        event.status = "held"
    key = (event.title, event.start)
    if key in seen:
        message = f"活动名称：与第 {seen[key]} 行是同一活动（名称和开始日期相同）"
        raise EventInvalid(message, [FieldProblem("title", message, number)])
    seen[key] = number
    if Event.objects.filter(title=event.title, start=event.start, organiser=event.organiser).exists():
        message = f"活动名称：{event.title}（{event.start}）已登记"
        raise EventInvalid(message, [FieldProblem("title", message, number)])
    return event


@transaction.atomic
def import_file(user: User, data: bytes) -> int:
    """How many events were added; EventInvalid listing every faulty row, saving nothing."""
    access.require_edit(user, None)
    rows = excel.read_sheet(data, REQUIRED_HEADERS)
    if len(rows) > MAX_ROWS:
        raise EventInvalid(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行")
    if not rows:
        raise EventInvalid("文件中没有活动（第 1 行是列名，从第 2 行起每行一场活动）")
    problems: list[FieldProblem] = []
    planned: list[Event] = []
    seen: dict = {}
    for number, cells in rows:
        try:
            planned.append(_row_event(user, cells, number, seen))
        except EventInvalid as exc:
            problems += exc.problems
        except PermissionDenied as exc:  # another department's event: a fault of the row
            problems.append(FieldProblem("organiser", f"主办部门：{exc}", number))
    if problems:
        raise EventInvalid(f"导入文件有 {len(problems)} 处错误，未导入任何一行", problems)
    Event.objects.bulk_create(planned)
    chain.record(
        "event.import",
        object_type="events.event",
        object_repr="活动",
        after={"created": len(planned), "held": sum(e.status == "held" for e in planned)},
    )
    return len(planned)
