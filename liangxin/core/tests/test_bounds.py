"""Amounts and dates are bounded to what the domain allows, and a value outside is a ValueError with the
rule in Chinese, never an overflow."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.utils import timezone as dj_timezone

from liangxin.core import bounds


@pytest.mark.parametrize(
    "text", ["1e30", "1e26", "1000000000000", "-1", "0", "NaN", "Infinity", "1.234", "", "x"]
)
def test_an_amount_outside_the_domain_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="小于 1 万亿元"):
        bounds.money(text)


def test_an_amount_inside_the_domain_is_exact():
    assert bounds.money("999,999,999,999.99") == Decimal("999999999999.99")
    assert bounds.money("4999") == Decimal("4999")
    assert bounds.money("0", positive=False) == Decimal("0")
    assert bounds.money(12.5) == Decimal("12.5")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-10))),
        datetime(2023, 12, 31, 12, tzinfo=UTC),
        dj_timezone.now() + timedelta(days=3),
    ],
)
def test_a_time_outside_the_plan_or_in_the_future_is_refused(moment):
    with pytest.raises(ValueError, match="应在 2024-01-01 至"):
        bounds.moment(moment)


def test_a_time_and_a_day_inside_are_kept():
    moment = datetime(2025, 6, 18, 14, 30, tzinfo=UTC)
    assert bounds.moment(moment) is moment
    assert bounds.day(date(2024, 1, 1)) == date(2024, 1, 1)
    with pytest.raises(ValueError):
        bounds.day(date(1, 1, 1))
