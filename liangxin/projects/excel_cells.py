"""The cells of an imported sheet as the record's checks take them: an amount as exact decimal text in 万元
(a number cell as Excel shows it; text with 万 or 元 refused by name), a date from a date cell or the usual
written forms, and an empty required cell named as such."""

import re
from datetime import date, datetime
from decimal import Decimal

_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def required(value, convert, field, wrong):
    """`convert(value)`, or None after telling `wrong(field, message)` what is missing or wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        wrong(field, "必填")
        return None
    try:
        return convert(value)
    except ValueError as exc:
        wrong(field, str(exc))
        return None


def amount_text(value) -> str:
    """The amount as exact decimal text: a number cell as Excel shows it, a text cell without units."""
    if isinstance(value, bool):
        raise ValueError("应为以万元计的数字")
    if isinstance(value, float):
        return repr(value) if "e" not in repr(value) else format(Decimal(repr(value)), "f")
    if isinstance(value, (int, Decimal)):
        return str(value)
    text = "".join(str(value).split())
    if text.endswith("元") and not text.endswith("万元"):
        raise ValueError(f"“{text}”以元计；本列以万元计，请换算为万元后只填数字（如 12,000,000 元填 1200）")
    if re.search(r"[万亿元]", text):
        raise ValueError(f"“{text}”带有单位；本列以万元计，请只填数字（如 1200 万元填 1200）")
    return text


def day(value) -> date | str:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)):
        raise ValueError(f"“{value}”是数字，不是日期；请写成 2025-03-01 或设为日期格式")
    text = str(value).strip()
    match = _DAY.fullmatch(text)
    if match is None:
        return text  # the record's check names the format
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"“{text}”不是有效日期") from exc
