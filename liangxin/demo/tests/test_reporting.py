"""The demo's reporting history is believable: monthly, complete, monotone where it must be, uneven."""

import pytest
from django.db.models import F

from liangxin.audit.chain import verify
from liangxin.demo.reporting import install_history
from liangxin.plans import sources
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period, ReportedValue, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return Plan.objects.get(code="taishan-2024")


def test_history_covers_2024_08_to_2026_10_and_opens_the_current_month(plan):
    assert install_history(plan) == 28
    keys = list(Period.objects.order_by("end").values_list("key", flat=True))
    assert keys[0] == "2024-08" and keys[-2:] == ["2026-10", "2026-11"]
    assert Period.objects.filter(status="open").count() == 2
    assert install_history(plan) == 0
    assert verify().ok


def test_last_month_is_uneven_and_older_months_are_accepted(plan, history):
    last = dict(Submission.objects.filter(period__key="2026-10").values_list("department__code", "status"))
    assert "sthj" not in last and last["swj"] == "submitted" and last["gxj"] == "approved"
    assert set(Submission.objects.filter(period__key="2025-06").values_list("status", flat=True)) == {
        "accepted"
    }
    assert Submission.objects.filter(submitted_at__date__gt=F("period__deadline")).exists()


def test_cumulative_values_never_fall(plan, history):
    rows = (
        ReportedValue.objects.filter(indicator__accumulation="cumulative", value__isnull=False)
        .order_by("indicator_id", "submission__period__end")
        .values_list("indicator_id", "value")
    )
    last = {}
    for indicator, value in rows:
        assert value >= last.get(indicator, value)
        last[indicator] = value


def test_figures_computed_from_records_are_never_typed(plan, history):
    typed = set(ReportedValue.objects.values_list("indicator__code", flat=True))
    computed = {i.code for i in plan.indicators.all() if sources.is_computed(i)}
    assert {"t01-tech-upgrade-projects", "t10-appliance-trade-in-events"} <= computed
    assert typed and not typed & computed
