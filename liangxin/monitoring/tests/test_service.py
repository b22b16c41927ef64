"""Status of the whole plan from accepted reports, rolled up to task, department, section and plan."""

from datetime import date
from decimal import Decimal

import pytest

from liangxin.accounts.models import Department
from liangxin.monitoring.service import plan_status
from liangxin.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(history):
    return Plan.objects.get(code="taishan-2024")


def test_every_target_has_a_status_with_a_reason(plan):
    result = plan_status(plan, date(2026, 11, 28))
    assert len(result.rows) == 50
    assert all(row.status.reason for row in result.rows)
    assert result.plan["total"] == 50 == sum(result.plan["counts"].values())


def test_only_accepted_values_count(plan):
    result = plan_status(plan, date(2026, 11, 28))
    gxj = Department.objects.get(code="gxj")
    # gxj's October report is approved but not yet accepted: its latest accepted value is September's
    gxj_rows = [
        r for r in result.rows if r.indicator.code == "t12-high-end-equipment-share" and r.year == 2027
    ]
    assert gxj_rows[0].status.period_end == date(2026, 9, 30)
    assert result.departments[gxj.pk]["total"] > 0


def test_past_targets_are_judged_and_statuses_differ_between_departments(plan):
    result = plan_status(plan, date(2026, 11, 28))
    by_code = {(r.indicator.code, r.year): r.status for r in result.rows}
    assert by_code[("t08-medical-equipment-renewal", 2025)].status == "achieved"
    recycling_2025 = by_code[("goal-appliance-recycling-growth", 2025)]
    # 商务局 runs at 82 % of its path: short of 15 % over 2023's same months (1200)
    assert recycling_2025.status == "missed" and recycling_2025.actual < 1200 * Decimal("1.15")
    assert by_code[("t12-equipment-manufacturing-revenue", 2027)].status == "not_started"
    statuses = {r.status.status for r in result.rows}
    assert {"achieved", "on_track"} <= statuses and statuses & {"behind", "seriously_behind", "missed"}


def test_year_filter_and_roll_ups(plan):
    result = plan_status(plan, date(2026, 11, 28), year=2025)
    assert {r.year for r in result.rows} == {2025}
    assert set(result.sections) == {1, 2, 3, 4}  # 2025 targets sit in areas 1–4
    assert result.tasks[8]["total"] == 2
    assert result.goals["total"] + sum(s["total"] for s in result.sections.values()) == result.plan["total"]


def test_status_api(client, api_token, plan):
    headers = api_token("leader")
    body = client.get("/api/v1/plans/taishan-2024/status?as_of=2026-11-28", **headers).json()
    assert body["as_of"] == "2026-11-28" and len(body["targets"]) == 50
    first = body["targets"][0]
    assert set(first) >= {
        "indicator",
        "year",
        "target",
        "actual",
        "expected",
        "projection",
        "percent",
        "status",
        "reason",
    }
    assert {t["status"] for t in body["targets"]} <= {
        "achieved",
        "on_track",
        "behind",
        "seriously_behind",
        "no_data",
        "missed",
        "not_started",
        "under_way",
        "judgement",
    }
    assert body["plan"]["total"] == 50
    assert {s["number"] for s in body["sections"]} == {1, 2, 3, 4, 5}  # areas 6 and 7 set no figures
    assert any(d["code"] == "wjj" for d in body["departments"])
    rate = next(
        t for t in body["targets"] if t["indicator"] == "t04-farm-mechanization-rate" and t["year"] == 2025
    )
    assert rate["target"] == 92.95
    assert client.get("/api/v1/plans/taishan-2024/status?as_of=2026-13-01", **headers).status_code == 422
    assert client.get("/api/v1/plans/taishan-2024/status", **api_token("enterprise")).status_code == 403


def test_cached_status_is_recomputed_when_a_report_is_accepted(plan, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    from liangxin.accounts.models import User
    from liangxin.monitoring.service import cached_plan_status
    from liangxin.reporting import workflow
    from liangxin.reporting.models import Submission

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    as_of = date(2026, 11, 28)
    first = cached_plan_status(plan, as_of)
    with django_assert_max_num_queries(1):
        again = cached_plan_status(plan, as_of)
    assert [r.status for r in again.rows] == [r.status for r in first.rows]
    swj = Submission.objects.get(period__key="2026-10", department__code="swj")
    reviewer = User.objects.create(username="swj_rev", department=swj.department)
    reviewer.role_assignments.create(role="reviewer")
    workflow.approve(reviewer, swj)
    workflow.accept(User.objects.get(username="fgj_coordinator"), swj)
    after = cached_plan_status(plan, as_of)
    code = ("goal-used-car-volume-growth", 2027)
    assert {(r.indicator.code, r.year): r.status.period_end for r in first.rows}[code] == date(2026, 9, 30)
    assert {(r.indicator.code, r.year): r.status.period_end for r in after.rows}[code] == date(2026, 10, 31)
