"""What an amount or a date may be in this domain, checked in one place for every input (a form, an API
body, an import row, a programme edit): a value outside is refused with a Chinese message, never left to
overflow a column or a calendar (a 500).

- Amounts (元, two decimals): not negative, below 10^12 元 (a trillion; the 14-digit money columns hold
  less than 10^12 with their two decimals). Zero only where the field allows it.
- Planned dates (a programme's window, its closing day): from 2024-01-01 to 2099-12-31.
- Dates and times of what happened (a transaction): not before 2024-01-01, the work plan's start, and not after today (the district's day)
  plus one day's tolerance for a clock or a time zone off by a few hours.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

MONEY_LIMIT = Decimal("1000000000000")  # 10^12 元
CENT = Decimal("0.01")
EARLIEST = date(2024, 1, 1)  # the work plan's start
FUTURE_TOLERANCE = timedelta(days=1)
LAST_PLANNED = date(2099, 12, 31)  # a programme's window or a deadline: planned ahead, but not past this

MONEY_RULE = "应为不小于 0、小于 1 万亿元、最多两位小数的金额"
POSITIVE_MONEY_RULE = "应为大于 0、小于 1 万亿元、最多两位小数的金额"


def number(raw, *, digits: int, places: int) -> Decimal:
    """A decimal number as typed (a JSON number, a cell, text with thousands separators) that fits a column
    of `digits` digits with `places` decimals; ValueError with what is wrong, in Chinese, to follow the
    field's name ("应为数值", "过大", "最多保留 2 位小数")."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise ValueError("应为数值")
    text = format(raw, ".15g") if isinstance(raw, float) else str(raw).strip().replace(",", "")
    try:
        found = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(f"“{raw}”不是数值") from None
    if not found.is_finite():
        raise ValueError("应为有限数值")
    # the size first: quantizing 1e30 to the cent would itself overflow the decimal context
    if found != 0 and found.adjusted() >= digits - places:
        raise ValueError("过大")
    if found != found.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(f"最多保留 {places} 位小数")
    return found


def money(raw, *, positive: bool = True) -> Decimal:
    """An amount in 元 as written (thousands separators allowed), or ValueError with the Chinese rule."""
    rule = POSITIVE_MONEY_RULE if positive else MONEY_RULE
    try:
        amount = number(raw, digits=14, places=2)
    except ValueError:
        raise ValueError(rule) from None
    if amount < 0 or amount >= MONEY_LIMIT or (positive and amount == 0):
        raise ValueError(rule)
    return amount


def latest_day() -> date:
    return timezone.localdate() + FUTURE_TOLERANCE


def day(value: date) -> date:
    """A date within the plan's years up to tomorrow, or ValueError with the Chinese rule."""
    if not EARLIEST <= value <= latest_day():
        raise ValueError(f"应在 {EARLIEST:%Y-%m-%d} 至 {latest_day():%Y-%m-%d} 之间")
    return value


def moment(value: datetime) -> datetime:
    """An aware time whose district day is within the plan's years up to tomorrow, or ValueError. A time
    at the calendar's very ends (0001-01-01, 9999-12-31 in another zone) is refused, not overflowed."""
    try:
        local = timezone.localtime(value)
    except (OverflowError, ValueError):
        local = None
    if local is None or not EARLIEST <= local.date() <= latest_day():
        raise ValueError(f"应在 {EARLIEST:%Y-%m-%d} 至 {latest_day():%Y-%m-%d} 之间")
    return value


def planned_day(value: date) -> date:
    """A date planned ahead (a programme's window or closing day): from the plan's start to 2099-12-31."""
    if not EARLIEST <= value <= LAST_PLANNED:
        raise ValueError(f"应在 {EARLIEST:%Y-%m-%d} 至 {LAST_PLANNED:%Y-%m-%d} 之间")
    return value
