from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core import downloads, excel, paging
from liangxin.plans import access as plans_access
from liangxin.queue import access as queue_access
from liangxin.reporting import (
    access,
    bulletin_text,
    deadlines,
    dispatch,
    evidence,
    parts,
    period_links,
    periods,
    queries,
    spreadsheet,
    workflow,
)
from liangxin.reporting.models import Period, Reminder
from liangxin.reporting.stages import STAGES
from liangxin.reporting.values import ValuesInvalid

NARRATIVE_FIELDS = ("progress", "problems", "next_steps")
FORM_ACTIONS = ("save", "submit", "approve", "accept", "return")  # the submission form's buttons


def _plan(request, code):
    return plans_access.plan_or_404(request.user, code)


def _period(request, code, key):
    return access.period_or_404(request.user, code, key)


def _submission(request, code, key, department_code):
    return access.submission_or_404(request.user, code, key, department_code)


@login_required
def period_list(request, code):
    plan = _plan(request, code)
    pager = paging.paginate(
        periods.find_periods(plan.periods.all(), request.GET.get("q"), request.GET.get("status")),
        request.GET,
        per_page=24,
    )
    reminders = (
        Reminder.objects.filter(department_id=request.user.department_id, period__plan=plan)[:5]
        if request.user.department_id
        else []
    )
    return render(
        request,
        "reporting/periods.html",
        {
            "plan": plan,
            "periods": pager.page,
            "pager": pager,
            "params": request.GET,
            "statuses": Period.Status.choices,
            "own": queries.own_reports(
                list(pager.page), request.user.department, access.submissions_for(request.user)
            ),
            "reminders": reminders,
            "actions": access.allowed_actions(request.user, plan),
        },
    )


@login_required
@require_POST
def period_open(request, code):
    plan = _plan(request, code)
    try:
        deadline = date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, "报送期限应为日期（如 2026-12-05）")
        return redirect("reporting:periods", code=code)
    try:
        period = workflow.open_period(request.user, plan, request.POST.get("period", "").strip(), deadline)
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("reporting:periods", code=code)
    messages.success(request, f"已开启{period}的填报期。")
    return redirect("reporting:period", code=code, key=period.key)


@login_required
def period_detail(request, code, key):
    period = _period(request, code, key)
    overdue = workflow.overdue_departments(period)
    board = queries.period_board(period, {d.pk for d in overdue})
    board = [row for row in board if access.sees_department(request.user, row.department.pk)]
    return render(
        request,
        "reporting/period.html",
        {
            "plan": period.plan,
            "period": period,
            "board": board,
            "overdue": overdue,
            "actions": access.allowed_actions(request.user, period),
            # the overdue list is the coordinator's, also once the period is closed
            "can_manage": scope.has_perm(request.user, "period.manage"),
            "overdue_check": _overdue_check(request.user, period),
            "links": period_links.links_for(request.user, period),
            **_bulletin_context(request.user, period),
        },
    )


def _overdue_check(user, period):
    """The queue's last overdue check of the period, for those who see the periodic tasks' runs."""
    if not (scope.has_perm(user, "period.manage") and scope.has_perm(user, "queue.view")):
        return None
    return deadlines.last_overdue_check(queue_access.runs_for(user), period)


def _bulletin_context(user, period, typed=None) -> dict:
    """The office's draft of the 通报's 五、六 and 抄送: the coordinator's to write; once issued, read by
    the district-wide roles too."""
    if not scope.has_perm(user, "period.manage"):
        issued = bulletin_text.issued_draft(period) if scope.has_perm(user, "submission.view_all") else None
        return {"bulletin": issued} if issued else {}
    draft = bulletin_text.draft_for(period)
    if typed is not None:
        draft.problems, draft.next_steps = typed.get("problems", ""), typed.get("next_steps", "")
        draft.copy_to = typed.get("copy_to", "")
    return {
        "bulletin": draft,
        "section_limit": bulletin_text.SECTION_LIMIT,
        "copy_to_limit": bulletin_text.COPY_TO_LIMIT,
    }


@login_required
@require_POST
def bulletin_save(request, code, key):
    period = _period(request, code, key)
    try:
        bulletin_text.save(
            request.user,
            period,
            request.POST.get("problems", ""),
            request.POST.get("next_steps", ""),
            request.POST.get("copy_to", ""),
        )
    except bulletin_text.BulletinTextInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem.message)
        overdue = workflow.overdue_departments(period)
        board = queries.period_board(period, {d.pk for d in overdue})
        context = {
            "plan": period.plan,
            "period": period,
            "board": board,
            "overdue": overdue,
            "actions": access.allowed_actions(request.user, period),
            "can_manage": True,
            "links": period_links.links_for(request.user, period),
            **_bulletin_context(request.user, period, request.POST),
        }
        return render(request, "reporting/period.html", context, status=422)
    messages.success(request, "通报草稿已保存。")
    return redirect("reporting:period", code=code, key=key)


@login_required
@require_POST
def bulletin_issue(request, code, key):
    period = _period(request, code, key)
    bulletin_text.issue(request.user, period)
    messages.success(request, f"{period}的通报已印发，存在问题和下步工作不再修改。")
    return redirect("reporting:period", code=code, key=key)


@login_required
@require_POST
def period_close(request, code, key):
    period = _period(request, code, key)
    try:
        workflow.close_period(request.user, period)
        messages.success(request, f"{period}的填报期已关闭，数据只读。")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:period", code=code, key=key)


@login_required
@require_POST
def period_remind(request, code, key):
    period = _period(request, code, key)
    try:
        sent = workflow.remind(request.user, period, workflow.overdue_departments(period))
        messages.success(request, f"已向 {len(sent)} 个逾期部门发送提醒。")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:period", code=code, key=key)


@login_required
@require_POST
def period_dispatch(request, code, key):
    period = _period(request, code, key)
    try:
        done = dispatch.send(request.user, period, workflow.overdue_departments(period))
        messages.success(
            request,
            f"已发送调度消息（逾期 {len(done.overdue)} 个部门）：{done.channels} 个通知渠道、"
            f"{done.people} 位填报人员的站内通知。",
        )
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:period", code=code, key=key)


def _input_from(post, rows, narratives, submission) -> workflow.SubmissionInput:
    data = workflow.SubmissionInput()
    for part in parts.parts_of(submission):
        if f"part-{part.code}" in post:
            data.parts[part.code] = part.from_form(submission, post)
    for row in rows:
        code = row.indicator.code
        if f"value-{code}" in post:
            data.values[code] = post.get(f"value-{code}").strip() or None
        if f"reference-{code}" in post:
            data.references[code] = post.get(f"reference-{code}").strip() or None
        if f"note-{code}" in post:
            data.notes[code] = post.get(f"note-{code}").strip()
    for row in narratives:
        number = str(row.task.number)
        if any(f"{f}-{number}" in post for f in NARRATIVE_FIELDS):
            data.narratives[number] = {f: post.get(f"{f}-{number}", "").strip() for f in NARRATIVE_FIELDS}
    return data


def _form_page(request, submission, problems, typed):
    """The submission form, with what was typed and its problems when a save was refused."""
    rows, narratives = queries.form_rows(submission, typed)
    by_code = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    history = submission.versions.select_related("actor").exclude(action="save")
    actions = access.allowed_actions(request.user, submission)
    return render(
        request,
        "reporting/submission.html",
        {
            "plan": submission.period.plan,
            "period": submission.period,
            "submission": submission,
            "rows": rows,
            "narratives": narratives,
            "problems": problems,
            "problems_by_code": by_code,
            "actions": actions,
            "can_edit": "save" in actions,
            "history": history,
            "stages": STAGES.choices(),
            "narrative_limit": workflow.NARRATIVE_LIMIT,
            "note_limit": workflow.NOTE_LIMIT,
            "parts": [(part, part.context(submission, typed)) for part in parts.parts_of(submission)],
        },
        status=422 if problems else 200,
    )


@login_required
def submission_form(request, code, key, department):
    submission = _submission(request, code, key, department)
    problems, typed = [], None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORM_ACTIONS or action not in access.allowed_actions(request.user, submission):
            raise PermissionDenied("当前状态下您不能执行此操作")
        rows, narratives = queries.form_rows(submission)
        seen = request.POST.get("version") or None
        try:
            if action in ("save", "submit"):
                warnings = workflow.save_draft(
                    request.user,
                    submission,
                    _input_from(request.POST, rows, narratives, submission),
                    expected_version=seen,
                )
                if action == "submit":
                    workflow.submit(request.user, submission)
                    messages.success(request, "已报送，等待本部门审核。")
                else:
                    messages.success(request, "草稿已保存。")
                    for warning in warnings:
                        messages.warning(request, warning.message)
            elif action == "approve":
                workflow.approve(request.user, submission, expected_version=seen)
                messages.success(request, "已审核通过，报送统筹协调部门。")
            elif action == "accept":
                workflow.accept(request.user, submission, expected_version=seen)
                messages.success(request, "已采纳。")
            elif action == "return":
                workflow.return_submission(
                    request.user, submission, request.POST.get("comment", ""), expected_version=seen
                )
                messages.success(request, "已退回并附意见。")
            return redirect("reporting:submission", code=code, key=key, department=department)
        except ValuesInvalid as exc:
            problems, typed = exc.problems, request.POST
        except workflow.WorkflowError as exc:
            problems, typed = [], request.POST
            messages.error(request, str(exc))
        submission.refresh_from_db()
    return _form_page(request, submission, problems, typed)


@login_required
def submission_versions(request, code, key, department):
    submission = _submission(request, code, key, department)
    versions = list(submission.versions.select_related("actor"))
    names = dict(submission.period.plan.indicators.values_list("code", "name"))
    entries = []
    previous = {}
    for version in versions:
        entries.append((version, workflow.diff(previous, version.content, names)))
        previous = version.content
    entries.reverse()
    return render(
        request,
        "reporting/versions.html",
        {
            "plan": submission.period.plan,
            "period": submission.period,
            "submission": submission,
            "entries": entries,
        },
    )


@login_required
def submission_xlsx(request, code, key, department):
    submission = _submission(request, code, key, department)
    content = spreadsheet.form_workbook(submission)
    chain.record("export", obj=submission, after={"what": "form.xlsx"})
    filename = f"{submission.department.short_name}-{submission.period.key}-填报表.xlsx"
    return downloads.attachment(content, filename, excel.XLSX_TYPE)


@login_required
@require_POST
def submission_upload(request, code, key, department):
    submission = _submission(request, code, key, department)
    if "save" not in access.allowed_actions(request.user, submission):
        raise PermissionDenied("当前状态下您不能上传填报表")
    upload = request.FILES.get("file")
    if upload is None or upload.size > excel.MAX_UPLOAD_BYTES:
        messages.error(request, "请选择要上传的 Excel 文件（不超过 10 MB）")
        return redirect("reporting:submission", code=code, key=key, department=department)
    try:
        result = spreadsheet.import_form(
            request.user, submission, upload.read(), request.POST.get("keep_good") == "1"
        )
    except (excel.SpreadsheetInvalid, workflow.WorkflowError) as exc:
        messages.error(request, str(exc))
        return redirect("reporting:submission", code=code, key=key, department=department)
    for problem in result.problems:
        messages.error(request, str(problem))
    if result.saved:
        messages.success(
            request,
            f"已从表格保存 {result.saved_values} 个指标的数值"
            + ("，有错误的行未保存。" if result.problems else "。"),
        )
    else:
        messages.warning(request, "表格中有错误，未保存任何内容。修改后重新上传，或勾选“只保存无误的行”。")
    return redirect("reporting:submission", code=code, key=key, department=department)


@login_required
@require_POST
def evidence_upload(request, code, key, department):
    """Attach files. The form posts what was typed on the submission form too: it is saved as the draft
    first, by the same function as 保存草稿, so an upload never throws typed values away; when they cannot
    be saved the form comes back with them and their problems, and nothing is attached."""
    submission = _submission(request, code, key, department)
    if "version" in request.POST and "save" in access.allowed_actions(request.user, submission):
        rows, narratives = queries.form_rows(submission)
        try:
            warnings = workflow.save_draft(
                request.user,
                submission,
                _input_from(request.POST, rows, narratives, submission),
                expected_version=request.POST.get("version") or None,
            )
        except (ValuesInvalid, workflow.WorkflowError) as exc:
            messages.error(request, "填写的内容未能保存，附件也未上传，请修改后重新选择附件上传。")
            if isinstance(exc, workflow.WorkflowError):
                messages.error(request, str(exc))
            submission.refresh_from_db()
            return _form_page(request, submission, getattr(exc, "problems", []), request.POST)
        messages.success(request, "草稿已保存。")
        for warning in warnings:
            messages.warning(request, warning.message)
    files = request.FILES.getlist("evidence")
    if not files:
        messages.error(request, "请选择要上传的附件")
    if len(files) > evidence.MAX_FILES:
        messages.error(request, f"一次最多上传 {evidence.MAX_FILES} 个附件")
        files = []
    task = None
    if request.POST.get("task"):
        task = submission.period.plan.tasks.filter(number=request.POST["task"]).first()
    for upload in files:
        try:
            evidence.refuse_oversized(upload.name, upload.size)
            evidence.attach(request.user, submission, upload.name, upload.read(), task=task)
            messages.success(request, f"已上传附件“{upload.name}”。")
        except (evidence.EvidenceRejected, workflow.WorkflowError) as exc:
            messages.error(request, str(exc))
    return redirect("reporting:submission", code=code, key=key, department=department)


@login_required
def evidence_download(request, code, key, department, evidence_id):
    submission = _submission(request, code, key, department)
    item = get_object_or_404(submission.evidence, pk=evidence_id)
    return downloads.attachment(evidence.read(item), item.original_name, evidence.CONTENT_TYPES[item.kind])


@login_required
@require_POST
def evidence_delete(request, code, key, department, evidence_id):
    submission = _submission(request, code, key, department)
    item = get_object_or_404(submission.evidence, pk=evidence_id)
    try:
        evidence.remove(request.user, item)
        messages.success(request, f"已删除附件“{item.original_name}”。")
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("reporting:submission", code=code, key=key, department=department)
