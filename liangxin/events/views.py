"""Pages of events: the list with its filters, search, paging, export and import; one event with its
participants and outcomes (rows added and removed), held or cancelled; the form to add and edit one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangxin.accounts.models import Department
from liangxin.core import excel, paging
from liangxin.core.downloads import attachment
from liangxin.core.errors import DomainError
from liangxin.events import access, queries, records, rows, spreadsheet
from liangxin.events.codes import EVENT_KINDS, EVENT_STATUSES, OUTCOME_KINDS, PARTICIPANT_ROLES
from liangxin.events.models import Event


def _departments():
    return Department.objects.exclude(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


def _found(request):
    return queries.matching(request.user, *(request.GET.get(k, "") for k in queries.FILTERS))


@login_required
def event_list(request):
    found = _found(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "events/list.html",
        {
            "pager": paging.paginate(found, request.GET),
            "params": request.GET,
            "kinds": EVENT_KINDS,
            "statuses": EVENT_STATUSES,
            "years": range(this_year + 1, 2023, -1),
            "departments": _departments(),
            "can_create": access.may_edit(request.user, None),
        },
    )


@login_required
def event_export(request):
    data = spreadsheet.export(_found(request))
    return attachment(data, "对接和促销活动.xlsx", excel.XLSX_TYPE, ascii_name="events.xlsx")


@login_required
def event_import(request):
    access.require_edit(request.user, None)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": None, "message": "请选择要导入的 Excel 文件"}]
        else:
            try:
                created = spreadsheet.import_file(request.user, upload.read())
            except DomainError as exc:
                problems = [{"row": p.row, "message": p.message} for p in exc.problems] or [
                    {"row": None, "message": exc.message}
                ]
            else:
                messages.success(request, f"导入完成：新增 {created} 场活动。")
                return redirect("events:list")
    return render(
        request,
        "events/import.html",
        {
            "problems": problems,
            "headers": list(spreadsheet.IMPORT_COLUMNS),
            "required": spreadsheet.REQUIRED_HEADERS,
        },
        status=422 if problems else 200,
    )


def _form(request, event, values, problems, status=200):
    return render(
        request,
        "events/form.html",
        {
            "event": event,
            "values": values,
            "problems": problems,
            "kinds": EVENT_KINDS,
            "departments": _departments(),
        },
        status=status,
    )


def _posted(post) -> dict:
    return {k: post.get(k, "").strip() for k in records.LABELS}


@login_required
def event_create(request):
    access.require_edit(request.user, None)
    if request.method == "POST":
        values = _posted(request.POST)
        try:
            event = records.create(request.user, values)
        except DomainError as exc:
            return _form(request, None, values, exc.messages_by_field(), status=exc.status)
        messages.success(request, f"已登记活动：{event.title}")
        return redirect("events:detail", pk=event.pk)
    department = request.user.department.code if request.user.department else ""
    return _form(request, None, {"organiser": department}, {})


@login_required
def event_edit(request, pk):
    event = access.event_or_404(request.user, pk)
    access.require_action(request.user, event, "edit")
    if request.method == "POST":
        values = _posted(request.POST)
        try:
            _, changed = records.update(request.user, event, values)
        except DomainError as exc:
            return _form(request, event, values, exc.messages_by_field(), status=exc.status)
        messages.success(request, "活动已修改" if changed else "内容没有变化，未作修改")
        return redirect("events:detail", pk=event.pk)
    return _form(request, event, records.snapshot(event), {})


def _detail(request, event: Event, problems=None, status=200):
    figures = queries.with_figures(Event.objects.filter(pk=event.pk)).get()
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "figures": figures,
            "kind": EVENT_KINDS[event.kind],
            "status": EVENT_STATUSES[event.status],
            "actions": access.allowed_actions(request.user, event),
            "participants": event.participants.select_related("unit"),
            "outcomes": event.outcomes.select_related("supply", "demand"),
            "roles": PARTICIPANT_ROLES,
            "outcome_kinds": OUTCOME_KINDS,
            "today": timezone.localdate(),
            "problems": problems or {},
        },
        status=status,
    )


@login_required
def event_detail(request, pk):
    return _detail(request, access.event_or_404(request.user, pk))


def _act(request, pk, act, done: str):
    event = access.event_or_404(request.user, pk)
    try:
        act(event)
    except DomainError as exc:
        return _detail(request, access.event_or_404(request.user, pk), exc.messages_by_field(), exc.status)
    messages.success(request, done)
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def event_held(request, pk):
    held_on = request.POST.get("held_on", "")
    return _act(request, pk, lambda e: records.mark_held(request.user, e, held_on), "已登记为已举办")


@login_required
@require_POST
def event_cancel(request, pk):
    reason = request.POST.get("reason", "")
    return _act(request, pk, lambda e: records.cancel(request.user, e, reason), "活动已取消")


@login_required
@require_POST
def event_delete(request, pk):
    event = access.event_or_404(request.user, pk)
    try:
        records.delete(request.user, event)
    except DomainError as exc:
        return _detail(request, event, exc.messages_by_field(), exc.status)
    messages.success(request, f"已删除活动：{event.title}")
    return redirect("events:list")


@login_required
@require_POST
def participant_add(request, pk):
    post = request.POST
    return _act(
        request,
        pk,
        lambda e: rows.add_participant(request.user, e, post.get("unit", ""), post.get("role", "")),
        "已增加参加单位",
    )


@login_required
@require_POST
def participant_remove(request, pk, participant_id):
    def remove(event):
        rows.remove_participant(
            request.user, event, access.participant_or_404(request.user, participant_id, event)
        )

    return _act(request, pk, remove, "已移除参加单位")


@login_required
@require_POST
def outcome_add(request, pk):
    values = {k: request.POST.get(k, "") for k in ("supply", "demand", "kind", "value", "note")}
    return _act(request, pk, lambda e: rows.add_outcome(request.user, e, values), "已登记对接成果")


@login_required
@require_POST
def outcome_remove(request, pk, outcome_id):
    def remove(event):
        rows.remove_outcome(request.user, event, access.outcome_or_404(request.user, outcome_id, event))

    return _act(request, pk, remove, "已删除对接成果")
