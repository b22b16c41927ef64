"""enterprises.honours: the plan's honour counts computed from the register, by kind and level, within the
window's years and in force on its last day, with the records and the unit list behind the figure."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from liangxin.enterprises import honours, units
from liangxin.enterprises.sources import HONOURS
from liangxin.enterprises.tests.test_honours import green
from liangxin.enterprises.tests.test_units import CODE_B, enterprise, person
from liangxin.plans.sources import SOURCES, Window

pytestmark = pytest.mark.django_db
SINCE_2024 = Window(date(2024, 1, 1), date(2025, 12, 31))
YEAR_2025 = Window(date(2025, 1, 1), date(2025, 12, 31))
STATE = Window(None, date(2025, 12, 31))


@pytest.fixture
def factories(settings, tmp_path):
    """别家: 国家级 2024 and 市级 2025; 示范电缆: 省级 2025 and 省级 2023 (before the plan)."""
    settings.EVIDENCE_DIR = tmp_path
    unit = units.create(person("fgj_coordinator"), enterprise())
    other = units.create(person("fgj_coordinator"), enterprise(credit_code=CODE_B, name="别家"))
    reporter = person("gxj_reporter")
    return {
        "provincial": honours.record(reporter, unit, green()),
        "old": honours.record(reporter, unit, green(year=2023)),
        "national": honours.record(reporter, other, green(level="national", year=2024)),
        "city": honours.record(reporter, other, green(level="city", year=2025)),
    }


def test_it_is_registered_with_its_params():
    assert SOURCES["enterprises.honours"] is HONOURS
    kinds = HONOURS.params[0].choices()
    assert kinds["green-factory"] == "绿色工厂" and kinds["smart-manufacturing-project"] == "智能制造项目"
    assert HONOURS.params[2].choices()["provincial"] == "省级"


def test_counted_by_kind_level_and_the_windows_years(factories):
    at_least = {"kind": "green-factory", "min_level": "provincial"}
    assert HONOURS.value(at_least, SINCE_2024) == Decimal(2)  # 国家级 2024, 省级 2025
    assert HONOURS.value(at_least, STATE) == Decimal(3)  # and the 省级 of 2023, still in force
    assert HONOURS.value(at_least, YEAR_2025) == Decimal(1)
    assert HONOURS.value({"kind": "green-factory", "level": "city"}, SINCE_2024) == Decimal(1)
    assert HONOURS.value({"kind": "green-factory"}, SINCE_2024) == Decimal(3)
    assert HONOURS.value({"kind": "good-shandong"}, SINCE_2024) == Decimal(0)
    assert HONOURS.value(at_least, Window(date(2024, 1, 1), date(2024, 12, 31))) == Decimal(1)


def test_a_withdrawn_honour_counts_until_the_day_it_was_withdrawn(factories):
    honour = honours.withdraw(person("gxj_reporter"), factories["provincial"], "省工信厅复核撤销认定")
    zone = ZoneInfo("Asia/Shanghai")
    honour.withdrawn_at = datetime(2025, 6, 15, 9, tzinfo=zone)
    honour.save(update_fields=["withdrawn_at"])
    params = {"kind": "green-factory", "level": "provincial"}
    assert HONOURS.value(params, Window(date(2025, 1, 1), date(2025, 6, 14))) == Decimal(1)
    assert HONOURS.value(params, Window(date(2025, 1, 1), date(2025, 6, 15))) == Decimal(0)


def test_the_records_and_the_list_behind_the_figure(factories, login):
    params = {"kind": "green-factory", "min_level": "provincial"}
    records = HONOURS.records(params, SINCE_2024, 20)
    assert [r.label for r in records] == [
        "泰安示范电缆有限公司 · 2025年省级绿色工厂 · 鲁工信节〔2025〕12号",
        "别家 · 2024年国家级绿色工厂 · 鲁工信节〔2025〕12号",
    ]
    assert records[0].url == f"/enterprises/{factories['provincial'].unit_id}/"
    assert len(HONOURS.records(params, SINCE_2024, 1)) == 1
    url = HONOURS.records_url(params, SINCE_2024)
    assert (
        url
        == "/enterprises/?honour=green-factory&honour_min_level=provincial&honour_from=2024&honour_to=2025"
    )
    page = login("gxj_reporter").get(url).content.decode()
    assert "泰安示范电缆有限公司" in page and "别家" in page
    city_only = HONOURS.records_url({"kind": "green-factory", "level": "city"}, YEAR_2025)
    page = login("gxj_reporter").get(city_only).content.decode()
    assert "别家" in page and "泰安示范电缆有限公司" not in page
    # 2023's provincial one is outside 2024–2025: the unit is listed for its 2025 one only
    only_2023 = (
        login("gxj_reporter").get("/enterprises/?honour=green-factory&honour_to=2023").content.decode()
    )
    assert "泰安示范电缆有限公司" in only_2023 and "别家" not in only_2023
