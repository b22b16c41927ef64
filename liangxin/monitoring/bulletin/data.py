"""The 调度通报: the periodic progress bulletin the "两新" office sends to the leaders, as Word, and all
its figures as Excel. Plain functions (no request objects); pages, API and CLI all call ``export``.

``bulletin_data`` computes everything once, as of the period's end date:

* Live targets are those of the period's year and later (this year's targets and the plan's final
  ones): they are what the departments are still working on, so the overall progress and the table
  by area count only them. Targets of earlier years have been judged at their deadline; the bulletin
  sums them up in one sentence, and any of them that was missed is still listed among the targets
  that need attention.
* Targets that need attention: live targets that are behind, seriously behind, or on track today but
  projected to miss (``at_risk``), then every missed target of an earlier year.
* Reporting: every department that owes a submission. "Sent" means submitted, approved or accepted; a
  submission sent after the deadline is late, one never sent (or returned) is missing. Only accepted
  values count towards progress, so sent-but-not-yet-accepted submissions are named too.
* 存在问题, 下步工作 and 抄送 are the office's draft of the period (``reporting.bulletin_text``): what the
  coordinator wrote, or until then the sent submissions' narratives grouped by area, boilerplate left out.
  Once the bulletin is issued it is dated the day of issue.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.core.display import district_of, plain, target_text
from liangxin.monitoring.rollup import roll_up
from liangxin.monitoring.service import TargetRow, plan_status
from liangxin.monitoring.status_codes import STATUSES, group_counts
from liangxin.plans import sources
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, bulletin_text, workflow
from liangxin.reporting.bulletin_text import CLOSING  # noqa: F401 - the bulletin's closing sentence
from liangxin.reporting.models import Period, ReportedValue, Submission

S = Submission.Status
SENT = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)
LIVE_ATTENTION = ("seriously_behind", "behind")
PROGRAMME = "大规模设备更新和消费品以旧换新"


def _label_groups() -> dict[str, tuple[str, ...]]:
    """Status label → the engine's codes with that label (one each: the registry gives every status its own label)."""
    groups: dict[str, list[str]] = {}
    for status in STATUSES:
        groups.setdefault(status.label, []).append(status.code)
    return {label: tuple(codes) for label, codes in groups.items()}


LABEL_GROUPS = _label_groups()


@dataclass(frozen=True)
class TargetLine:
    """One target with everything the bulletin and the workbook say about it."""

    row: TargetRow
    department: Department | None
    target: str  # as the plan writes it: ≥60 个, 较2023年增长≥15%

    @property
    def indicator(self):
        return self.row.indicator

    @property
    def status(self):
        return self.row.status

    @property
    def task_label(self) -> str:
        task = self.row.indicator.task
        return f"{task.number}. {task.title}" if task else "工作目标"

    @property
    def department_name(self) -> str:
        return self.department.short_name if self.department else "—"

    @property
    def status_label(self) -> str:
        return self.status.label + ("（有风险）" if self.status.at_risk else "")

    @property
    def actual(self) -> str:
        st, unit = self.status, self.indicator.unit
        if st.growth is not None:
            return f"增长{plain(st.growth)}%" if st.growth >= 0 else f"下降{plain(-st.growth)}%"
        if st.actual is None:
            return "—"
        text = _with_unit(st.actual, unit)
        if self.indicator.kind == "relative" and st.expected is not None:
            text += f"（对比值{_with_unit(st.expected, unit)}）"
        return text

    @property
    def percent(self) -> str:
        return "—" if self.status.percent is None else f"{plain(self.status.percent)}%"

    @property
    def computed_note(self) -> str:
        """系统计算（…）for a figure computed from records, so the reader knows no department typed it."""
        found = sources.declared(self.indicator)
        return f"实际值为系统计算（{found[0].label}），非部门填报" if found else ""


@dataclass(frozen=True)
class AreaLine:
    title: str
    rolled: dict  # roll_up() of the area's live targets

    def count(self, label: str) -> int:
        return sum(self.rolled["counts"].get(code, 0) for code in LABEL_GROUPS[label])

    @property
    def lagging(self) -> int:
        return group_counts(self.rolled["counts"])["lagging"]


@dataclass(frozen=True)
class DepartmentReport:
    department: Department
    submission: Submission | None
    sent: bool
    late_days: int | None  # days after the deadline it was sent; None when on time or not sent

    @property
    def submitted_at(self) -> datetime | None:
        if not self.sent or self.submission.submitted_at is None:
            return None
        return timezone.localtime(self.submission.submitted_at)

    @property
    def status_label(self) -> str:
        if self.submission is None:
            return "未报送"
        if not self.sent:
            return f"未报送（{self.submission.get_status_display()}）"
        return self.submission.get_status_display()


@dataclass
class Bulletin:
    plan: Plan
    period: Period
    as_of: date
    issued_on: date
    number: int  # 第N期
    district: str
    targets: list[TargetLine]
    live_year: int
    areas: list[AreaLine]
    attention: list[TargetLine]
    reports: list[DepartmentReport]
    problems: list[str]
    next_steps: list[str]  # the office's draft: the departments' own by area, then its closing sentence
    copy_to: str = ""  # 抄送, in the 版记
    values: list[ReportedValue] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.period)

    @property
    def office(self) -> str:
        return f"{self.district}{PROGRAMME}工作专班办公室"

    @property
    def title(self) -> str:
        return f"关于{self.label}{PROGRAMME}工作进展情况的通报"

    @property
    def live(self) -> list[TargetLine]:
        return [t for t in self.targets if t.row.year >= self.live_year]

    @property
    def past(self) -> list[TargetLine]:
        return [t for t in self.targets if t.row.year < self.live_year]

    @property
    def overall(self) -> dict:
        return roll_up([t.status for t in self.live])

    @property
    def late(self) -> list[DepartmentReport]:
        return [r for r in self.reports if r.sent and r.late_days]

    @property
    def missing(self) -> list[DepartmentReport]:
        return [r for r in self.reports if not r.sent]

    @property
    def pending(self) -> list[DepartmentReport]:
        return [r for r in self.reports if r.sent and r.submission.status != S.ACCEPTED]

    @property
    def overdue(self) -> bool:
        """Whether the deadline had passed on the day the bulletin is dated."""
        return self.issued_on > self.period.deadline


def issue_number(period: Period) -> int:
    """The period's place among the plan's periods, 1-based, by end date."""
    keys = list(Period.objects.filter(plan=period.plan).order_by("end", "key").values_list("pk", flat=True))
    return keys.index(period.pk) + 1


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{plain(value)}{'' if unit == '%' else ' '}{unit}".strip()


def _target_lines(plan: Plan, as_of: date) -> list[TargetLine]:
    result = plan_status(plan, as_of)
    owners = assignments.indicator_owners(plan)
    departments = Department.objects.in_bulk([pk for pk in owners.values() if pk])
    lines = []
    for row in result.rows:
        target = next(t for t in row.indicator.targets.all() if t.year == row.year)
        owner = owners.get(row.indicator.pk)
        lines.append(TargetLine(row, departments.get(owner), target_text(target, row.indicator)))
    return lines


def _areas(plan: Plan, live: list[TargetLine]) -> list[AreaLine]:
    by_section = defaultdict(list)
    goals = []
    for line in live:
        task = line.indicator.task
        (by_section[task.section.number] if task else goals).append(line.status)
    areas = [AreaLine("工作目标", roll_up(goals))] if goals else []
    for section in plan.sections.all():
        if by_section.get(section.number):
            areas.append(AreaLine(section.title, roll_up(by_section[section.number])))
    return areas


def _attention(lines: list[TargetLine], live_year: int) -> list[TargetLine]:
    def needs_attention(line: TargetLine) -> bool:
        if line.row.year >= live_year:
            return line.status.status in LIVE_ATTENTION or line.status.at_risk
        return line.status.status == "missed"

    chosen = [line for line in lines if needs_attention(line)]
    # live targets first, the most severe first; then the missed ones of earlier years, latest first
    return sorted(
        chosen,
        key=lambda t: (
            t.row.year < live_year,
            -STATUSES[t.status.status].severity,
            -t.row.year if t.row.year < live_year else 0,
            t.indicator.position,
        ),
    )


def _reports(period: Period, issued_on: date) -> list[DepartmentReport]:
    submissions = {s.department_id: s for s in period.submissions.all()}
    # overdue_departments names the unsent ones once the deadline has passed; ask as of the day after
    # it, so a bulletin drafted before the deadline still lists who has not sent yet.
    unsent = {
        d.pk
        for d in workflow.overdue_departments(period, max(issued_on, period.deadline + timedelta(days=1)))
    }
    reports = []
    for department in assignments.responsible_departments(period.plan):
        submission = submissions.get(department.pk)
        sent = department.pk not in unsent
        late = None
        if sent and submission and submission.submitted_at:
            days = (timezone.localtime(submission.submitted_at).date() - period.deadline).days
            late = days if days > 0 else None
        reports.append(DepartmentReport(department, submission, sent, late))
    return reports


def bulletin_data(plan: Plan, period: Period, issued_on: date | None = None) -> Bulletin:
    """Everything the bulletin says, as of the period's end date (see the module docstring)."""
    draft = bulletin_text.draft_for(period)
    if issued_on is None:
        issued_on = timezone.localdate(draft.issued_at) if draft.issued else timezone.localdate()
    as_of = period.end
    lines = _target_lines(plan, as_of)
    live_year = as_of.year
    reports = _reports(period, issued_on)
    values = list(
        ReportedValue.objects.filter(submission__period=period, submission__status__in=SENT)
        .select_related("submission__department", "indicator")
        .order_by("submission__department_id", "indicator__position")
    )
    order = {r.department.pk: i for i, r in enumerate(reports)}
    values.sort(key=lambda v: (order.get(v.submission.department_id, 999), v.indicator.position))
    live = [t for t in lines if t.row.year >= live_year]
    return Bulletin(
        plan=plan,
        period=period,
        as_of=as_of,
        issued_on=issued_on,
        number=issue_number(period),
        district=district_of(plan.issuer),
        targets=lines,
        live_year=live_year,
        areas=_areas(plan, live),
        attention=_attention(lines, live_year),
        reports=reports,
        problems=bulletin_text.items(draft.problems),
        next_steps=bulletin_text.items(draft.next_steps),
        copy_to=draft.copy_to,
        values=values,
    )
