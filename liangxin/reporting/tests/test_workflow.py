"""The reporting workflow: periods, the two-step approval, returns with comments, versions, checks."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.accounts.models import Department, User
from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, workflow
from liangxin.reporting.models import Period, Reminder, Submission
from liangxin.reporting.values import ValuesInvalid
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db


def user(name):
    return User.objects.get(username=name)


@pytest.fixture
def plan():
    return Plan.objects.get(code="taishan-2024")


@pytest.fixture
def period(plan):
    return workflow.open_period(user("fgj_coordinator"), plan, "2026-11", date(2026, 12, 5))


@pytest.fixture
def wjj(period):
    return assignments.submission_for(period, Department.objects.get(code="wjj"))


def fill(sub, **values):
    return workflow.save_draft(user("wjj_reporter"), sub, SubmissionInput(values=values))


def test_assignments_follow_reporting_department_then_first_lead(plan):
    wjj = Department.objects.get(code="wjj")
    codes = {i.code for i in assignments.indicators_reported_by(plan, wjj)}
    assert codes == {
        "t08-medical-equipment-renewal",
        "t08-health-it-facility-renewal",
        "t08-ward-renovation-projects",
    }
    swj = Department.objects.get(code="swj")
    swj_codes = {i.code for i in assignments.indicators_reported_by(plan, swj)}
    assert "goal-used-car-volume-growth" in swj_codes and "t10-appliance-trade-in-events" in swj_codes
    assert [t.number for t in assignments.tasks_narrated_by(plan, wjj)] == [8, 23, 25]
    owing = {d.code for d in assignments.responsible_departments(plan)}
    assert {"wjj", "gxj", "fgj", "swj", "nyncj"} <= owing and "dmjd" not in owing


def test_only_the_coordinator_opens_periods_and_keys_are_checked(plan):
    with pytest.raises(PermissionDenied):
        workflow.open_period(user("wjj_reporter"), plan, "2026-11", date(2026, 12, 5))
    with pytest.raises(workflow.WorkflowError, match="格式无效"):
        workflow.open_period(user("fgj_coordinator"), plan, "2026/11", date(2026, 12, 5))
    with pytest.raises(workflow.WorkflowError, match="格式无效"):  # the key would not be the same 2026-11
        workflow.open_period(user("fgj_coordinator"), plan, "２０２６-11", date(2026, 12, 5))
    with pytest.raises(workflow.WorkflowError, match="早于统计期末"):
        workflow.open_period(user("fgj_coordinator"), plan, "2026-11", date(2026, 11, 20))
    period = workflow.open_period(user("fgj_coordinator"), plan, "2026-Q4", date(2027, 1, 10))
    assert (period.start, period.end, str(period)) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度")


def test_full_round_trip_with_a_return(wjj):
    fill(wjj, **{"t08-medical-equipment-renewal": 300})
    workflow.save_draft(
        user("wjj_reporter"),
        wjj,
        SubmissionInput(
            narratives={"8": {"progress": "已更新CT两台", "problems": "资金到位慢", "next_steps": "加快采购"}}
        ),
    )
    workflow.submit(user("wjj_reporter"), wjj)
    workflow.approve(user("wjj_reviewer"), wjj)
    workflow.return_submission(user("fgj_coordinator"), wjj, "请补充病房改造项目进展")
    wjj.refresh_from_db()
    assert wjj.status == "returned"
    fill(wjj, **{"t08-ward-renovation-projects": 1})
    workflow.submit(user("wjj_reporter"), wjj)
    workflow.approve(user("wjj_reviewer"), wjj)
    workflow.accept(user("fgj_coordinator"), wjj)
    wjj.refresh_from_db()
    assert wjj.status == "accepted" and wjj.version == 9
    actions = list(wjj.versions.values_list("action", flat=True))
    assert actions == ["save", "save", "submit", "approve", "return", "save", "submit", "approve", "accept"]
    assert wjj.versions.get(action="return").comment == "请补充病房改造项目进展"
    content = workflow.content(wjj)
    assert content["values"]["t08-medical-equipment-renewal"]["value"] == "300"
    assert content["narratives"]["8"]["problems"] == "资金到位慢"


def test_each_step_leaves_exactly_one_audit_entry(wjj):
    count = AuditEntry.objects.count()
    fill(wjj, **{"t08-medical-equipment-renewal": 300})
    workflow.submit(user("wjj_reporter"), wjj)
    assert AuditEntry.objects.count() == count + 2
    assert list(AuditEntry.objects.order_by("-seq").values_list("action", flat=True)[:2]) == [
        "submission.submit",
        "submission.save",
    ]


def test_roles_and_departments_are_enforced(period, wjj):
    gxj = assignments.submission_for(period, Department.objects.get(code="gxj"))
    with pytest.raises(PermissionDenied):
        workflow.save_draft(user("wjj_reporter"), gxj, SubmissionInput())
    with pytest.raises(PermissionDenied):
        workflow.save_draft(user("wjj_reviewer"), wjj, SubmissionInput())
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    with pytest.raises(PermissionDenied):
        workflow.approve(user("gxj_reviewer"), wjj)
    with pytest.raises(PermissionDenied):
        workflow.approve(user("leader"), wjj)
    with pytest.raises(workflow.WorkflowError, match="不能采纳"):
        workflow.accept(user("fgj_coordinator"), wjj)


def test_return_needs_a_comment(wjj):
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    with pytest.raises(workflow.WorkflowError, match="必须填写意见"):
        workflow.return_submission(user("wjj_reviewer"), wjj, "  ")
    workflow.return_submission(user("wjj_reviewer"), wjj, "数字有误")
    wjj.refresh_from_db()
    assert wjj.status == "returned"


def test_submitted_work_cannot_be_edited(wjj):
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    with pytest.raises(workflow.WorkflowError, match="不能修改"):
        fill(wjj, **{"t08-medical-equipment-renewal": 1})


def test_closed_period_is_read_only(period, wjj):
    fill(wjj, **{"t08-medical-equipment-renewal": 10})
    workflow.close_period(user("fgj_coordinator"), period)
    with pytest.raises(workflow.WorkflowError, match="已关闭"):
        fill(wjj, **{"t08-medical-equipment-renewal": 20})
    with pytest.raises(workflow.WorkflowError, match="已关闭"):
        workflow.submit(user("wjj_reporter"), wjj)


def test_bad_values_are_refused_with_the_indicator_named_and_nothing_saved(wjj):
    fill(wjj, **{"t08-medical-equipment-renewal": 10})
    with pytest.raises(ValuesInvalid) as caught:
        fill(
            wjj,
            **{
                "t08-medical-equipment-renewal": "三百",
                "t08-health-it-facility-renewal": -1,
                "t04-farm-mechanization-rate": 90,
            },
        )
    messages = [p.message for p in caught.value.problems]
    assert "卫生健康领域医疗装备更新换代量：数值“三百”不是数值" in messages
    assert "卫生健康领域信息化设施更新换代量：数值不能为负数" in messages
    assert "指标 t04-farm-mechanization-rate 不由区卫生健康局填报" in messages
    assert workflow.content(wjj)["values"]["t08-medical-equipment-renewal"]["value"] == "10"


def test_percent_must_be_within_0_and_100(period):
    sub = assignments.submission_for(period, Department.objects.get(code="nyncj"))
    with pytest.raises(ValuesInvalid, match="百分比应在 0 到 100 之间"):
        workflow.save_draft(
            user("nyncj_reporter"), sub, SubmissionInput(values={"t04-farm-mechanization-rate": 101})
        )
    workflow.save_draft(
        user("nyncj_reporter"), sub, SubmissionInput(values={"t04-farm-mechanization-rate": "92.96"})
    )
    assert workflow.content(sub)["values"]["t04-farm-mechanization-rate"]["value"] == "92.96"


def test_milestone_stages_in_english_or_chinese(period):
    sub = assignments.submission_for(period, Department.objects.get(code="gafj"))
    gafj = User.objects.create(username="gafj_r", department=sub.department)
    gafj.role_assignments.create(role="reporter")
    workflow.save_draft(
        gafj,
        sub,
        SubmissionInput(
            values={"t05-diesel-trucks-phaseout": "推进中", "goal-diesel-trucks-phaseout": "done"}
        ),
    )
    values = workflow.content(sub)["values"]
    assert values["t05-diesel-trucks-phaseout"]["stage"] == "under_way"
    assert values["goal-diesel-trucks-phaseout"]["stage"] == "done"
    with pytest.raises(ValuesInvalid, match="进度应为"):
        workflow.save_draft(gafj, sub, SubmissionInput(values={"t05-diesel-trucks-phaseout": "快好了"}))


def _accepted_history(plan, values):
    """Accept a value of t08-medical-equipment-renewal for each month before 2026-11."""
    wjj = Department.objects.get(code="wjj")
    for i, value in enumerate(values):
        key = f"2026-{i + 1:02d}"
        period = Period.objects.create(
            plan=plan,
            key=key,
            start=date(2026, i + 1, 1),
            end=date(2026, i + 1, 28),
            deadline=date(2026, 12, 31),
        )
        sub = assignments.submission_for(period, wjj)
        fill(sub, **{"t08-medical-equipment-renewal": value})
        workflow.submit(user("wjj_reporter"), sub)
        workflow.approve(user("wjj_reviewer"), sub)
        workflow.accept(user("fgj_coordinator"), sub)


def test_cumulative_value_may_not_fall_below_the_last_accepted(plan, wjj):
    _accepted_history(plan, [100, 120])
    with pytest.raises(ValuesInvalid, match="累计值 110 低于上期已采纳的 120"):
        fill(wjj, **{"t08-medical-equipment-renewal": 110})


def test_outlier_is_a_warning_that_needs_an_explanation_before_submission(plan, wjj):
    _accepted_history(plan, [100, 110, 121, 130, 141])
    warnings = fill(wjj, **{"t08-medical-equipment-renewal": 400})
    assert [w.severity for w in warnings] == ["warning"]
    assert "本期增量 259 明显偏离以往" in warnings[0].message
    with pytest.raises(ValuesInvalid, match="请填写说明后再报送"):
        workflow.submit(user("wjj_reporter"), wjj)
    workflow.save_draft(
        user("wjj_reporter"),
        wjj,
        SubmissionInput(notes={"t08-medical-equipment-renewal": "集中采购到货 250 台"}),
    )
    workflow.submit(user("wjj_reporter"), wjj)
    assert Submission.objects.get(pk=wjj.pk).status == "submitted"


def test_decimal_values_are_exact(wjj):
    fill(wjj, **{"t08-ward-renovation-projects": "0.1"})
    fill(wjj, **{"t08-health-it-facility-renewal": 0.1})
    values = workflow.content(wjj)["values"]
    assert values["t08-ward-renovation-projects"]["value"] == "0.1"
    assert values["t08-health-it-facility-renewal"]["value"] == "0.1"
    with pytest.raises(ValuesInvalid, match="最多保留 4 位小数"):
        fill(wjj, **{"t08-health-it-facility-renewal": "1.23456"})
    assert wjj.values.get(indicator__code="t08-ward-renovation-projects").value == Decimal("0.1")


def test_overdue_list_and_reminders(period, wjj):
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    assert workflow.overdue_departments(period, today=date(2026, 12, 5)) == []
    overdue = workflow.overdue_departments(period, today=date(2026, 12, 6))
    codes = [d.code for d in overdue]
    assert "wjj" not in codes and "gxj" in codes
    with pytest.raises(PermissionDenied):
        workflow.remind(user("leader"), period, overdue)
    workflow.remind(user("fgj_coordinator"), period, overdue)
    reminder = Reminder.objects.get(department__code="gxj")
    assert "2026年11月" in reminder.message and "2026年12月05日" in reminder.message


def test_diff_between_versions(wjj):
    fill(wjj, **{"t08-medical-equipment-renewal": 100})
    fill(wjj, **{"t08-medical-equipment-renewal": 120})
    v1, v2 = wjj.versions.order_by("version")
    assert workflow.diff(v1.content, v2.content) == [("t08-medical-equipment-renewal 数值", "100", "120")]


def test_nobody_approves_their_own_submission(wjj):
    both = User.objects.create(username="wjj_both", department=wjj.department)
    both.role_assignments.create(role="reporter")
    both.role_assignments.create(role="reviewer")
    workflow.save_draft(both, wjj, SubmissionInput(values={"t08-medical-equipment-renewal": 5}))
    workflow.submit(both, wjj)
    with pytest.raises(workflow.WorkflowError, match="不能审核通过自己报送的填报"):
        workflow.approve(both, wjj)
    workflow.approve(user("wjj_reviewer"), wjj)
    assert Submission.objects.get(pk=wjj.pk).status == "approved"


def test_a_stale_save_does_not_overwrite_a_newer_version(wjj):
    fill(wjj, **{"t08-medical-equipment-renewal": 300})
    with pytest.raises(workflow.WorkflowError, match="已被更新为第 1 版（您看到的是第 0 版）"):
        workflow.save_draft(
            user("wjj_reporter"),
            wjj,
            SubmissionInput(values={"t08-ward-renovation-projects": 7}),
            expected_version=0,
        )
    assert workflow.content(wjj)["values"]["t08-medical-equipment-renewal"]["value"] == "300"
    assert "t08-ward-renovation-projects" not in workflow.content(wjj)["values"]


def test_a_stale_approval_is_refused(wjj):
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    with pytest.raises(workflow.WorkflowError, match="请刷新"):
        workflow.approve(user("wjj_reviewer"), wjj, expected_version=1)
    workflow.approve(user("wjj_reviewer"), wjj, expected_version=2)


def test_submit_checks_permission_before_content(period, wjj):
    with pytest.raises(PermissionDenied):
        workflow.submit(user("gxj_reporter"), wjj)


def test_period_with_pending_reports_cannot_be_closed(period, wjj):
    fill(wjj)
    workflow.submit(user("wjj_reporter"), wjj)
    with pytest.raises(workflow.WorkflowError, match="还有待审核或待采纳的填报（卫健局）"):
        workflow.close_period(user("fgj_coordinator"), period)


def test_overlapping_or_out_of_plan_periods_are_refused(plan, period):
    coordinator = user("fgj_coordinator")
    with pytest.raises(workflow.WorkflowError, match="与已有的2026年11月填报期时间重叠"):
        workflow.open_period(coordinator, plan, "2026-Q4", date(2027, 1, 10))
    with pytest.raises(workflow.WorkflowError, match="不在方案期限 2024–2027 年内"):
        workflow.open_period(coordinator, plan, "2029-01", date(2029, 2, 5))


def test_huge_or_exponent_numbers_are_refused_not_crashing(wjj):
    with pytest.raises(ValuesInvalid, match="数值过大"):
        fill(wjj, **{"t08-medical-equipment-renewal": "1E+20"})
    fill(wjj, **{"t08-medical-equipment-renewal": 0.1 + 0.2})
    assert workflow.content(wjj)["values"]["t08-medical-equipment-renewal"]["value"] == "0.3"


def test_growth_indicators_take_the_baseline_same_period(period):
    swj = assignments.submission_for(period, Department.objects.get(code="swj"))
    reporter = user("swj_reporter")
    workflow.save_draft(
        reporter,
        swj,
        SubmissionInput(
            values={"goal-used-car-volume-growth": 4600}, references={"goal-used-car-volume-growth": 4000}
        ),
    )
    saved = workflow.content(swj)["values"]["goal-used-car-volume-growth"]
    assert (saved["value"], saved["reference"]) == ("4600", "4000")
    with pytest.raises(ValuesInvalid, match="该指标不填对比值"):
        workflow.save_draft(
            reporter, swj, SubmissionInput(references={"t16-new-vehicle-dismantling-enterprises": 3})
        )


def test_accepting_a_total_above_a_later_accepted_total_is_refused(plan):
    _accepted_history(plan, [100, 120])
    wjj = Department.objects.get(code="wjj")
    early = Period.objects.create(
        plan=plan, key="2025-12", start=date(2025, 12, 1), end=date(2025, 12, 31), deadline=date(2027, 1, 5)
    )
    sub = assignments.submission_for(early, wjj)
    fill(sub, **{"t08-medical-equipment-renewal": 150})
    workflow.submit(user("wjj_reporter"), sub)
    workflow.approve(user("wjj_reviewer"), sub)
    with pytest.raises(ValuesInvalid, match="高于已采纳的2026年1月累计值 100"):
        workflow.accept(user("fgj_coordinator"), sub)
