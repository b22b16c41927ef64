"""Computed indicators in status, dashboard and 通报: the figure a source gives for each reporting period
is judged exactly as the same figure typed by a department and accepted; growth ones take the source's
baseline; the figure links to its records; the status cache follows the records."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.accounts.models import Department
from liangxin.enterprises import honours, units
from liangxin.enterprises.models import Honour, HonourKind
from liangxin.enterprises.tests.test_honours import green
from liangxin.enterprises.tests.test_units import CODE_B, enterprise, person
from liangxin.monitoring import service
from liangxin.monitoring.bulletin.data import bulletin_data
from liangxin.monitoring.service import plan_status
from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting import assignments
from liangxin.reporting.models import Period, ReportedValue, Submission

pytestmark = pytest.mark.django_db
ENDS = (date(2024, 12, 31), date(2025, 6, 30), date(2025, 9, 30))
AS_OF = date(2025, 10, 15)
GREEN = "t03-green-factories"


@pytest.fixture
def plan():
    plan = Plan.objects.get(code="taishan-2024")
    for end in ENDS:
        Period.objects.create(plan=plan, key=f"{end:%Y-%m}", start=end.replace(day=1), end=end, deadline=end)
    return plan


@pytest.fixture
def factories(settings, tmp_path):
    """省级 2024 at one unit, 国家级 2025 at another; a 市级 one that 省级以上 does not count."""
    settings.EVIDENCE_DIR = tmp_path
    one = units.create(person("fgj_coordinator"), enterprise())
    other = units.create(person("fgj_coordinator"), enterprise(credit_code=CODE_B, name="别家"))
    reporter = person("gxj_reporter")
    honours.record(reporter, one, green(year=2024))
    honours.record(reporter, other, green(level="national", year=2025))
    honours.record(reporter, other, green(level="city", year=2025))


def rows_of(plan: Plan, code: str) -> dict:
    return {r.year: r for r in plan_status(plan, AS_OF).rows if r.indicator.code == code}


def typed_by_hand(plan: Plan, indicator: Indicator, values) -> None:
    """The same figures reported by the indicator's department and accepted, period by period."""
    owner = assignments.indicator_owners(plan)[indicator.pk]
    for period, value in zip(plan.periods.order_by("end"), values, strict=True):
        submission = Submission.objects.create(
            period=period, department_id=owner, status=Submission.Status.ACCEPTED, accepted_at=timezone.now()
        )
        ReportedValue.objects.create(submission=submission, indicator=indicator, value=value)


def test_a_computed_indicators_status_equals_the_same_figures_typed_and_accepted(plan, factories):
    computed = rows_of(plan, GREEN)
    observed = service.observations(plan, AS_OF)[Indicator.objects.get(plan=plan, code=GREEN).pk]
    assert [(o.period_end, o.value) for o in observed] == list(
        zip(ENDS, map(Decimal, (1, 2, 2)), strict=True)
    )
    assert computed[2025].status.actual == 2 and computed[2025].status.status == "seriously_behind"

    indicator = Indicator.objects.get(plan=plan, code=GREEN)
    indicator.source_of_value = None
    indicator.save()
    typed_by_hand(plan, indicator, [Decimal(1), Decimal(2), Decimal(2)])
    typed = rows_of(plan, GREEN)
    assert set(typed) == set(computed) == {2025, 2027}
    for year in typed:
        assert typed[year].status == computed[year].status


GROWTH = "goal-equipment-investment-growth"  # +28 % over 2023 by 2027, the plan's baseline value null


def _year_to_date(params: dict, window: sources.Window) -> Decimal:
    return Decimal(100) * window.end.month


@pytest.fixture
def growth_source():
    source = sources.Source(
        code="tests.equipment",
        label="测试设备投资",
        params=(),
        value=_year_to_date,
        records=lambda params, window, limit: [],
        records_url=lambda params, window: "/projects/",
        baseline=lambda params, year: Decimal(1000) if year == 2023 else None,
    )
    sources.register(source)
    yield source
    sources.SOURCES.remove(source.code)


def test_growth_takes_the_year_to_date_figure_and_the_sources_baseline(plan, growth_source):
    indicator = Indicator.objects.get(plan=plan, code=GROWTH)
    assert indicator.baseline_value is None
    indicator.source_of_value = {"source": "tests.equipment"}
    indicator.save()
    computed = rows_of(plan, GROWTH)[2027].status
    assert computed.actual == 900 and "较2023年同期747.95增长20.33%" in computed.reason  # 1000 × 273/365

    indicator.source_of_value, indicator.baseline_value = None, Decimal(1000)
    indicator.save()
    typed_by_hand(plan, indicator, [Decimal(1200), Decimal(600), Decimal(900)])
    assert rows_of(plan, GROWTH)[2027].status == computed


def test_the_figure_links_to_its_records_on_the_pages_and_in_the_api(plan, factories, login, api_token):
    records = sources.records_url(Indicator.objects.get(plan=plan, code=GREEN), ENDS[-1])
    assert (
        records
        == "/enterprises/?honour=green-factory&honour_min_level=provincial&honour_from=2024&honour_to=2025"
    )
    href = f'href="{records.replace("&", "&amp;")}"'
    client = login("leader")
    detail = client.get(f"/plans/taishan-2024/indicators/{GREEN}/?as_of={AS_OF}").content.decode()
    assert href in detail and 'data-testid="computed-point"' in detail
    dashboard = client.get(f"/plans/taishan-2024/dashboard/?as_of={AS_OF}").content.decode()
    assert href in dashboard
    body = client.get(f"/api/v1/plans/taishan-2024/status?as_of={AS_OF}", **api_token("leader")).json()
    by_target = {(t["indicator"], t["year"]): t for t in body["targets"]}
    assert by_target[(GREEN, 2025)]["records_url"] == records
    assert by_target[("t08-medical-equipment-renewal", 2025)]["records_url"] is None
    owner = assignments.indicator_owners(plan)[Indicator.objects.get(plan=plan, code=GREEN).pk]
    page = f"/plans/taishan-2024/departments/{Department.objects.get(pk=owner).code}/?as_of={AS_OF}"
    assert href in login("leader").get(page).content.decode()


def test_the_bulletin_notes_a_computed_figure(plan, factories):
    lines = {
        (t.indicator.code, t.row.year): t
        for t in bulletin_data(plan, plan.periods.order_by("end").last()).targets
    }
    assert lines[(GREEN, 2025)].computed_note == "实际值为系统计算（在有效期内的荣誉数），非部门填报"
    assert lines[("t08-medical-equipment-renewal", 2025)].computed_note == ""


def test_the_status_cache_key_follows_the_records_a_source_counts(plan, factories):
    before = service.data_version(plan)
    unit = honours.in_force("green-factory").first().unit
    honour = honours.record(person("gxj_reporter"), unit, green(level="national", year=2024))
    after_save = service.data_version(plan)
    assert after_save != before
    honour.delete()
    after_delete = service.data_version(plan)
    assert after_delete not in (before, after_save)
    person("leader").save()  # a model no source counts
    assert service.data_version(plan) == after_delete
    Period.objects.create(
        plan=plan, key="2025-10", start=date(2025, 10, 1), end=date(2025, 10, 31), deadline=AS_OF
    )
    assert service.data_version(plan) != after_delete  # one more period, one more observation


def test_the_version_is_bumped_only_by_the_models_a_source_counts(factories):
    before = sources.records_version()
    Department.objects.get(code="gxj").save()
    assert sources.records_version() == before
    HonourKind.objects.first().save()
    assert sources.records_version() == before
    Honour.objects.first().save()
    assert sources.records_version() == before + 1
