"""Period keys: 2026-11 for a month, 2026-Q4 for a quarter, 2026-H2 for a half year, 2026 for a year."""

import calendar
import re
from datetime import date

from liangxin.core.errors import Invalid


class PeriodKeyError(Invalid):
    pass


def bounds(key: str) -> tuple[date, date]:
    if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", key):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodKeyError(f"期次 {key} 的月份无效")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"([0-9]{4})-Q([1-4])", key):
        year, quarter = int(m[1]), int(m[2])
        last_month = quarter * 3
        return date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    if m := re.fullmatch(r"([0-9]{4})-H([12])", key):
        year, half = int(m[1]), int(m[2])
        return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
    if m := re.fullmatch(r"([0-9]{4})", key):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    raise PeriodKeyError(
        f"期次 {key} 格式无效，应为 2026-11（月）、2026-Q4（季）、2026-H2（半年）或 2026（年）"
    )


def label(key: str) -> str:
    start, end = bounds(key)
    if "-Q" in key:
        return f"{start.year}年第{key[-1]}季度"
    if "-H" in key:
        return f"{start.year}年{'上' if key.endswith('1') else '下'}半年"
    if len(key) == 4:
        return f"{start.year}年"
    return f"{end.year}年{end.month}月"


_WRITTEN = [
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"), lambda m: f"{m[1]}-{int(m[2]):02}"),
    (
        re.compile(r"(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?"),
        lambda m: f"{m[1]}-Q{'一二三四'.find(m[2]) + 1 or m[2]}",
    ),
    (re.compile(r"(\d{4})\s*年\s*([上下])半年"), lambda m: f"{m[1]}-H{1 if m[2] == '上' else 2}"),
    (re.compile(r"(\d{4})\s*年"), lambda m: m[1]),
]


def find_periods(periods, q: str | None = None, status: str | None = None):
    """Periods whose key holds `q`, written as the key (2025-10, 2025-Q4) or as the pages name it (2025年10月,
    2025年第四季度, 2025年下半年); in `status` (填报中, 已关闭) if given."""
    if q := (q or "").strip():
        for pattern, key in _WRITTEN:
            if match := pattern.search(q):
                q = key(match)
                break
        periods = periods.filter(key__icontains=q)
    if status:
        periods = periods.filter(status=status)
    return periods
