"""The periods list: found by key as it is written or as the pages name it, by state, and paged."""

from datetime import date

import pytest

from liangxin.plans.models import Plan
from liangxin.reporting import periods
from liangxin.reporting.models import Period

pytestmark = pytest.mark.django_db
PLAN = "/plans/taishan-2024"


@pytest.fixture
def months():
    plan = Plan.objects.get(code="taishan-2024")
    keys = [f"{year}-{month:02}" for year in (2024, 2025, 2026) for month in range(1, 13)]
    keys += ["2025-Q4", "2025-H2"]
    Period.objects.bulk_create(
        Period(
            plan=plan,
            key=key,
            start=periods.bounds(key)[0],
            end=periods.bounds(key)[1],
            deadline=date(2027, 1, 10),
            status="closed" if key < "2026-06" else "open",
        )
        for key in keys
    )
    return plan


@pytest.mark.parametrize(
    ("q", "keys"),
    [
        ("2025-10", {"2025-10"}),
        ("2025年10月", {"2025-10"}),
        ("2025年3月", {"2025-03"}),
        ("2025年第四季度", {"2025-Q4"}),
        ("2025年4季度", {"2025-Q4"}),
        ("2025年下半年", {"2025-H2"}),
        ("Q4", {"2025-Q4"}),
    ],
)
def test_a_period_is_found_as_it_is_written_or_named(months, q, keys):
    assert set(periods.find_periods(months.periods.all(), q).values_list("key", flat=True)) == keys


def test_the_whole_year_and_the_state(months):
    found = periods.find_periods(months.periods.all(), "2026年", "open")
    assert set(found.values_list("key", flat=True)) == {f"2026-{m:02}" for m in range(6, 13)}


def test_the_page_pages_and_keeps_the_filter(login, months):
    client = login("fgj_coordinator")
    html = client.get(f"{PLAN}/periods/", {"status": "closed"}).content.decode()
    assert "共 31 期 · 第 1/2 页" in html and 'href="?status=closed&amp;page=2"' in html
    assert "2026年7月" not in html
    found = client.get(f"{PLAN}/periods/", {"q": "2025年10月"}).content.decode()
    assert "共 1 期" in found and "2025年10月" in found


def test_the_api_takes_the_same_search(client, api_token, months):
    answer = client.get(
        "/api/v1/plans/taishan-2024/periods", {"q": "2025年下半年"}, **api_token("fgj_coordinator")
    ).json()
    assert answer["count"] == 1 and answer["items"][0]["period"] == "2025-H2"
