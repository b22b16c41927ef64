"""Every write of the reporting workflow: open and close periods, save, submit, approve, accept, return,
remind. Each owns its transaction, asks `access.require_action` whether the user may act now, keeps a
version and leaves one audit entry."""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core.display import plain
from liangxin.core.errors import Invalid
from liangxin.core.text import text_problem
from liangxin.plans import sources
from liangxin.plans.models import Plan
from liangxin.reporting import access, assignments, notices, parts, periods
from liangxin.reporting.models import (
    Narrative,
    Period,
    Reminder,
    ReportedValue,
    Submission,
    SubmissionVersion,
)
from liangxin.reporting.stages import STAGES
from liangxin.reporting.steps import ACTION_WORDS, STEPS, WorkflowError
from liangxin.reporting.values import Problem, Reported, ValuesInvalid, check_history, parse_entry

S = Submission.Status
NARRATIVE_FIELDS = ("progress", "problems", "next_steps")
# a month's 进展情况, 存在问题 or 下步打算 for one task, and an indicator's 说明: an 18,000-character text once
# made the 通报 36 pages long
NARRATIVE_LIMIT = 1000
NOTE_LIMIT = 300
TARGETS = {step.action: step.target for step in STEPS}


@dataclass
class SubmissionInput:
    values: dict = field(default_factory=dict)
    references: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    narratives: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)  # a contributed part's code → its payload (reporting.parts)


# --- periods ---------------------------------------------------------------------------------------------


@transaction.atomic
def open_period(user: User, plan: Plan, key: str, deadline: date) -> Period:
    access.require_action(user, plan, "open_period")
    try:
        start, end = periods.bounds(key)
    except periods.PeriodKeyError as exc:
        raise WorkflowError(str(exc)) from exc
    if deadline < end:
        raise WorkflowError(f"报送期限 {deadline} 早于统计期末 {end}")
    if not plan.start_year <= start.year <= plan.end_year:
        raise WorkflowError(f"{periods.label(key)}不在方案期限 {plan.start_year}–{plan.end_year} 年内")
    overlapping = Period.objects.select_for_update().filter(plan=plan, start__lte=end, end__gte=start).first()
    if overlapping is not None:
        same = overlapping.key == key
        raise WorkflowError(
            f"{periods.label(key)}的填报期已存在"
            if same
            else f"{periods.label(key)}与已有的{overlapping}填报期时间重叠"
        )
    try:
        with transaction.atomic():
            period = Period.objects.create(plan=plan, key=key, start=start, end=end, deadline=deadline)
    except IntegrityError as exc:
        raise WorkflowError(f"{periods.label(key)}的填报期已存在") from exc
    chain.record("period.open", obj=period, after={"key": key, "deadline": deadline.isoformat()})
    return period


@transaction.atomic
def close_period(user: User, period: Period) -> Period:
    period = Period.objects.select_for_update().get(pk=period.pk)
    access.require_action(user, period, "close")
    pending = period.submissions.filter(status__in=[S.SUBMITTED, S.APPROVED]).select_related("department")
    if pending:
        names = "、".join(s.department.short_name for s in pending)
        raise WorkflowError(f"还有待审核或待采纳的填报（{names}），请先处理再关闭")
    period.status, period.closed_at = Period.Status.CLOSED, timezone.now()
    period.save(update_fields=["status", "closed_at"])
    chain.record("period.close", obj=period, before={"status": "open"}, after={"status": "closed"})
    return period


def overdue_departments(period: Period, today: date | None = None) -> list[Department]:
    """Departments that owe a submission and have not sent it by the deadline."""
    today = today or timezone.localdate()
    if today <= period.deadline:
        return []
    sent = set(
        period.submissions.exclude(status__in=[S.DRAFT, S.RETURNED]).values_list("department_id", flat=True)
    )
    return [d for d in assignments.responsible_departments(period.plan) if d.pk not in sent]


def overdue_periods_of(department: Department, plan: Plan, today: date | None = None) -> list[Period]:
    """Open periods whose deadline has passed without this department's submission: the automatic
    reminder shown to its staff."""
    today = today or timezone.localdate()
    periods = plan.periods.filter(status=Period.Status.OPEN, deadline__lt=today)
    return [p for p in periods if department in overdue_departments(p, today)]


@transaction.atomic
def remind(user: User, period: Period, departments: list[Department]) -> list[Reminder]:
    access.require_action(user, period, "remind")
    text = f"请尽快报送{period}的调度数据（报送期限 {period.deadline:%Y年%m月%d日}）。"
    sent = []
    for d in departments:
        sent.append(Reminder.objects.create(department=d, period=period, sent_by=user, message=text))
        notices.reminded(period, d, text)
    if sent:
        chain.record("period.remind", obj=period, after={"departments": [d.code for d in departments]})
    return sent


# --- submissions -----------------------------------------------------------------------------------------


def content(submission: Submission) -> dict:
    """The submission's whole content as JSON-safe data: what versions keep and the API returns."""
    values = {}
    for rv in submission.values.select_related("indicator"):
        values[rv.indicator.code] = {
            "value": None if rv.value is None else plain(rv.value),
            "stage": rv.stage,
            "reference": None if rv.reference is None else plain(rv.reference),
            "note": rv.note,
        }
    narratives = {
        str(n.task.number): {f: getattr(n, f) for f in NARRATIVE_FIELDS}
        for n in submission.narratives.select_related("task")
    }
    evidence = [f"{e.original_name}（{e.sha256[:8]}）" for e in submission.evidence.all()]
    found = {"status": submission.status, "values": values, "narratives": narratives, "evidence": evidence}
    if contributed := parts.parts_of(submission):
        found["parts"] = {part.code: part.content(submission) for part in contributed}
    return found


def lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("period__plan", "department")
        .get(pk=submission.pk)
    )


def keep_version(submission: Submission, user: User, action: str, comment: str = "") -> dict:
    submission.version += 1
    submission.save()
    snapshot = content(submission)
    SubmissionVersion.objects.create(
        submission=submission,
        version=submission.version,
        action=action,
        status=submission.status,
        actor=user,
        comment=comment,
        content=snapshot,
    )
    return snapshot


def _history(submission: Submission, indicator_ids) -> dict[int, list]:
    """Accepted values of earlier periods, oldest first, per indicator."""
    rows = (
        ReportedValue.objects.filter(
            indicator_id__in=indicator_ids,
            submission__status=S.ACCEPTED,
            submission__period__plan=submission.period.plan,
            submission__period__end__lt=submission.period.end,
            value__isnull=False,
        )
        .order_by("submission__period__end")
        .values_list("indicator_id", "value")
    )
    history: dict[int, list] = {}
    for indicator_id, value in rows:
        history.setdefault(indicator_id, []).append(value)
    return history


def check(submission: Submission, entries: dict) -> list[Problem]:
    """Errors and warnings for the values as they would stand (indicator → Reported)."""
    problems: list[Problem] = []
    history = _history(submission, [i.pk for i in entries])
    for indicator, reported in entries.items():
        past = history.get(indicator.pk, [])
        check_history(indicator, reported, past[-1] if past else None, past, problems)
    return problems


@transaction.atomic
def save_draft(
    user: User, submission: Submission, data: SubmissionInput, expected_version: int | None = None
) -> list[Problem]:
    """Save what was typed. Errors refuse the whole save (nothing is half-written); warnings are returned.
    With expected_version, a save over someone else's newer version is refused instead of overwriting it."""
    submission = _take(user, submission, "save", expected_version)
    plan, department = submission.period.plan, submission.department
    reported = assignments.indicators_reported_by(plan, department)
    own = {i.code: i for i in reported if not sources.is_computed(i)}
    computed = {i.code: i for i in reported if sources.is_computed(i)}
    tasks = {str(t.number): t for t in assignments.tasks_narrated_by(plan, department)}
    problems: list[Problem] = []
    for code in set(data.values) | set(data.references) | set(data.notes):
        if code in computed:
            problems.append(Problem(code, computed_refusal(computed[code]), "error"))
        elif code not in own:
            problems.append(Problem(code, f"指标 {code} 不由{department.name}填报", "error"))
    for number, texts in data.narratives.items():
        if str(number) not in tasks:
            problems.append(Problem(str(number), f"任务 {number} 不由{department.name}负责", "error"))
        for name, text in (texts or {}).items():
            if name in NARRATIVE_FIELDS and (wrong := text_problem(str(text or ""), NARRATIVE_LIMIT)):
                label = Narrative._meta.get_field(name).verbose_name
                problems.append(Problem(str(number), f"任务 {number} {label}：{wrong}", "error"))
    for code, note in data.notes.items():
        if code in own and (wrong := text_problem(str(note or ""), NOTE_LIMIT)):
            problems.append(Problem(code, f"{own[code].name}：说明{wrong}", "error"))
    existing = {rv.indicator.code: rv for rv in submission.values.select_related("indicator")}
    entries = {}
    for code, indicator in own.items():
        if code not in data.values and code not in data.references and code not in data.notes:
            continue
        old = existing.get(code)
        raw_value = data.values.get(code, _raw(old, indicator) if old else None)
        raw_reference = data.references.get(code, old.reference if old else None)
        note = str(data.notes.get(code, old.note if old else "") or "")
        entries[indicator] = parse_entry(indicator, raw_value, raw_reference, note, problems)
    cleaned = _clean_parts(submission, data.parts, problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = check(submission, entries)
    errors += [p for p in warnings if p.severity == "error"]
    if errors:
        raise ValuesInvalid(errors)
    before = content(submission)
    for indicator, reported in entries.items():
        ReportedValue.objects.update_or_create(
            submission=submission,
            indicator=indicator,
            defaults={
                "value": reported.value,
                "stage": reported.stage,
                "reference": reported.reference,
                "note": reported.note,
            },
        )
    for number, texts in data.narratives.items():
        texts = texts or {}
        Narrative.objects.update_or_create(
            submission=submission,
            task=tasks[str(number)],
            defaults={f: str(texts.get(f) or "") for f in NARRATIVE_FIELDS},
        )
    for part, values in cleaned:
        part.save(user, submission, values)
    after = keep_version(submission, user, "save")
    chain.record("submission.save", obj=submission, before=before, after=after)
    return [p for p in warnings if p.severity == "warning"]


def computed_refusal(indicator) -> str:
    source, _params = sources.declared(indicator)
    return f"{indicator.name}：由系统根据记录计算（{source.label}），不需填报"


def _clean_parts(submission: Submission, given: dict, problems: list[Problem]) -> list[tuple]:
    """The contributed parts' payloads checked before anything is written; their faults join the values'."""
    cleaned = []
    own = {part.code: part for part in parts.parts_of(submission)}
    for code, payload in given.items():
        if code not in own:
            problems.append(Problem(code, f"{submission.department.name}的填报没有“{code}”这一部分", "error"))
            continue
        try:
            cleaned.append((own[code], own[code].clean(submission, payload)))
        except Invalid as exc:
            problems += [Problem(p.field or code, p.message, "error") for p in exc.problems] or [
                Problem(code, exc.message, "error")
            ]
    return cleaned


def _part_problems(submission: Submission) -> list[Problem]:
    return [Problem(p.field or code, p.message, "error") for code, p in parts.problems_of(submission)]


def _raw(rv: ReportedValue, indicator):
    return rv.stage if indicator.kind == "milestone" else rv.value


def _current_entries(submission: Submission) -> dict:
    return {
        rv.indicator: Reported(value=rv.value, stage=rv.stage, reference=rv.reference, note=rv.note)
        for rv in submission.values.select_related("indicator")
    }


def _check_version(submission: Submission, expected) -> None:
    if expected is None:
        return
    try:
        expected = int(expected)
    except (TypeError, ValueError) as exc:
        raise WorkflowError("版本号无效，请刷新页面后再操作") from exc
    if expected != submission.version:
        raise WorkflowError(
            f"这份填报已被更新为第 {submission.version} 版（您看到的是第 {expected} 版），请刷新后再操作"
        )


def _separation_of_duties(user: User, submission: Submission, action: str) -> None:
    """Nobody approves what they submitted, nor accepts what they approved."""
    previous = {"approve": "submit", "accept": "approve"}.get(action)
    if previous is None:
        return
    last = submission.versions.filter(action=previous).order_by("-version").first()
    if last is not None and last.actor_id == user.pk:
        raise WorkflowError(f"不能{ACTION_WORDS[action]}自己{ACTION_WORDS[previous]}的填报")


def _take(user: User, submission: Submission, action: str, expected_version=None) -> Submission:
    """The submission locked, once the user may take the action on it now and has seen its latest version."""
    submission = lock(submission)
    access.require_action(user, submission, action)
    _check_version(submission, expected_version)
    return submission


def _move(user: User, submission: Submission, action: str, comment: str = "") -> Submission:
    _separation_of_duties(user, submission, action)
    before = content(submission)
    submission.status = TARGETS[action]
    now = timezone.now()
    if submission.status == S.SUBMITTED:
        submission.submitted_at = now
    if submission.status == S.ACCEPTED:
        submission.accepted_at = now
    after = keep_version(submission, user, action, comment)
    chain.record(f"submission.{action}", obj=submission, before=before, after=after)
    notices.after_step(submission)
    return submission


@transaction.atomic
def submit(user: User, submission: Submission, expected_version: int | None = None) -> Submission:
    submission = _take(user, submission, "submit", expected_version)
    problems = check(submission, _current_entries(submission)) + _part_problems(submission)
    if problems:
        raise ValuesInvalid(problems)
    return _move(user, submission, "submit")


@transaction.atomic
def approve(user: User, submission: Submission, expected_version: int | None = None) -> Submission:
    return _move(user, _take(user, submission, "approve", expected_version), "approve")


@transaction.atomic
def accept(user: User, submission: Submission, expected_version: int | None = None) -> Submission:
    submission = _take(user, submission, "accept", expected_version)
    problems = [p for p in check(submission, _current_entries(submission)) if p.severity == "error"]
    problems += _later_cumulative_problems(submission) + _part_problems(submission)
    if problems:
        raise ValuesInvalid(problems)
    return _move(user, submission, "accept")


def _later_cumulative_problems(submission: Submission) -> list[Problem]:
    """A running total accepted for a later period must not end up below this one."""
    problems = []
    for rv in submission.values.select_related("indicator").filter(
        indicator__accumulation="cumulative", value__isnull=False
    ):
        later = (
            ReportedValue.objects.filter(
                indicator=rv.indicator,
                submission__status=S.ACCEPTED,
                value__lt=rv.value,
                submission__period__plan=submission.period.plan,
                submission__period__end__gt=submission.period.end,
            )
            .select_related("submission__period")
            .order_by("submission__period__end")
            .first()
        )
        if later is not None:
            problems.append(
                Problem(
                    rv.indicator.code,
                    f"{rv.indicator.name}：累计值 {plain(rv.value)} 高于已采纳的"
                    f"{later.submission.period}累计值 {plain(later.value)}",
                    "error",
                )
            )
    return problems


@transaction.atomic
def return_submission(
    user: User, submission: Submission, comment: str, expected_version: int | None = None
) -> Submission:
    if not comment or not comment.strip():
        raise WorkflowError("退回时必须填写意见")
    return _move(user, _take(user, submission, "return", expected_version), "return", comment.strip())


def diff(older: dict, newer: dict, names: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """What changed between two versions' contents, as (what, before, after) in Chinese: indicators by
    their names (`names`, code → name; the code only for one the plan no longer has), stages by their
    labels."""
    names = names or {}
    changes = []
    if older.get("status") != newer.get("status"):
        labels = dict(S.choices)
        changes.append(("状态", labels.get(older.get("status"), ""), labels.get(newer.get("status"), "")))
    for code in sorted(set(older.get("values", {})) | set(newer.get("values", {}))):
        a, b = older.get("values", {}).get(code, {}), newer.get("values", {}).get(code, {})
        for key, word in (("value", "数值"), ("stage", "进度"), ("reference", "对比值"), ("note", "说明")):
            if (a.get(key) or "") != (b.get(key) or ""):
                before, after = a.get(key) or "", b.get(key) or ""
                if key == "stage":
                    before, after = (
                        STAGES.label(before) if before else "",
                        STAGES.label(after) if after else "",
                    )
                changes.append((f"{names.get(code, code)} {word}", before, after))
    for name in sorted(set(older.get("evidence", [])) ^ set(newer.get("evidence", []))):
        added = name in newer.get("evidence", [])
        changes.append(("附件", "" if added else name, name if added else ""))
    changes += _part_changes(older.get("parts", {}), newer.get("parts", {}))
    for number in sorted(set(older.get("narratives", {})) | set(newer.get("narratives", {})), key=int):
        a, b = older.get("narratives", {}).get(number, {}), newer.get("narratives", {}).get(number, {})
        for key, word in (("progress", "进展情况"), ("problems", "存在问题"), ("next_steps", "下步打算")):
            if (a.get(key) or "") != (b.get(key) or ""):
                changes.append((f"任务{number} {word}", a.get(key) or "", b.get(key) or ""))
    return changes


def _part_changes(older: dict, newer: dict) -> list[tuple[str, str, str]]:
    """A contributed part's fields that changed, each named by the part, the row's label and the field."""
    changes = []
    for code in sorted(set(older) | set(newer)):
        part = parts.PARTS.get(code)
        title = part.label.split("（")[0] if part else code
        a, b = older.get(code) or {}, newer.get(code) or {}
        for key in sorted(set(a) | set(b)):
            before, after = a.get(key) or {}, b.get(key) or {}
            label = after.get("label") or before.get("label") or key
            fields = part.field_labels if part else {k: k for k in {*before, *after} - {"label"}}
            for field_name, word in fields.items():
                if (before.get(field_name) or "") != (after.get(field_name) or ""):
                    changes.append(
                        (f"{title} {label} {word}", before.get(field_name) or "", after.get(field_name) or "")
                    )
    return changes
