"""The computed indicator source events.held: held events of one kind counted inside the window (a year,
or from the plan's start), named with links, and the list filtered to exactly them."""

from datetime import date
from decimal import Decimal

import pytest

from liangxin.enterprises.tests.test_units import person
from liangxin.events import records, sources
from liangxin.events.tests.test_events import event_data
from liangxin.plans.sources import SOURCES, Window

pytestmark = pytest.mark.django_db
CAR = {"kind": "car_promotion"}


def _car(title: str, start: str, held_on: str | None, **changes):
    event = records.create(
        person("swj_reporter"),
        event_data(title=title, kind="car_promotion", organiser="swj", start=start) | changes,
    )
    if held_on:
        records.mark_held(person("swj_reporter"), event, held_on)
    return event


@pytest.fixture
def cars():
    made = [
        _car("2025 春季巡展", "2025-04-19", "2025-04-19"),
        _car("2025 秋季巡展", "2025-09-27", "2025-09-27"),
        _car("2026 巡展", "2026-05-16", "2026-05-17"),
        _car("2026 冬季巡展（计划）", "2026-12-20", None),
    ]
    cancelled = _car("2026 取消的巡展", "2026-03-01", None)
    records.cancel(person("swj_reporter"), cancelled, "场地检修取消")
    records.create(
        person("swj_reporter"), event_data(title="家电促销", kind="appliance_promotion", organiser="swj")
    )
    return made


def test_held_counts_the_kind_held_inside_an_annual_window(cars):
    assert sources.held_count(CAR, Window(date(2025, 1, 1), date(2025, 12, 31))) == Decimal(2)
    assert sources.held_count(CAR, Window(date(2026, 1, 1), date(2026, 12, 31))) == Decimal(1)
    assert sources.held_count(CAR, Window(date(2026, 1, 1), date(2026, 5, 16))) == Decimal(0)  # held the 17th
    assert (
        sources.held_count({"kind": "appliance_promotion"}, Window(date(2026, 1, 1), date(2026, 12, 31))) == 0
    )


def test_held_counts_up_to_the_window_end_when_cumulative(cars):
    assert sources.held_count(CAR, Window(date(2024, 1, 1), date(2026, 11, 30))) == Decimal(3)
    assert sources.held_count(CAR, Window(None, date(2025, 10, 1))) == Decimal(2)


def test_the_records_behind_the_figure_and_the_list_of_exactly_them(cars, login):
    window = Window(date(2025, 1, 1), date(2025, 12, 31))
    found = sources.held_records(CAR, window, 1)
    assert [r.label for r in found] == ["2025 春季巡展 · 举办 2025-04-19"]
    assert found[0].url == f"/events/{cars[0].pk}/"
    url = sources.held_list_url(CAR, window)
    assert url == "/events/?kind=car_promotion&status=held&year=2025&since=2025-01-01&until=2025-12-31"
    page = login("leader").get(url).content.decode()
    assert "2025 春季巡展" in page and "2025 秋季巡展" in page and "2026 巡展" not in page
    cumulative = sources.held_list_url(CAR, Window(date(2024, 1, 1), date(2026, 11, 30)))
    assert "year=" not in cumulative and "since=2024-01-01" in cumulative
    page = login("leader").get(cumulative).content.decode()
    shown = [
        t for t in ("2025 春季巡展", "2025 秋季巡展", "2026 巡展", "冬季巡展", "取消的巡展") if t in page
    ]
    assert shown == ["2025 春季巡展", "2025 秋季巡展", "2026 巡展"]


def test_the_source_is_registered_with_the_event_kinds_as_its_choices():
    source = SOURCES["events.held"]
    (param,) = source.params
    assert param.name == "kind" and param.choices()["car_promotion"] == "汽车促销巡展"
    assert set(param.choices()) >= {"matchmaking", "appliance_promotion", "nev_month"}
    assert source.models == ("events.Event",)
