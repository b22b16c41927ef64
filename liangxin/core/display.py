"""How plan numbers and targets read to a person: 92.95 not 92.9500, ≥228 台（套）, 较2023年增长≥15%."""

from decimal import ROUND_HALF_UP, Decimal

COMPARISON_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "≈": "约"}


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
    return str(value)


def target_words(value, note: str, indicator) -> str:
    if value is None:
        return note
    sign = COMPARISON_SIGNS[indicator.comparison]
    if indicator.kind == "growth":
        return f"较{indicator.baseline_year}年增长{sign}{plain(value)}%"
    unit = indicator.unit
    return f"{sign}{plain(value)}{'' if unit == '%' else ' '}{unit}".strip()


GROWTH_VALUE_UNIT = "本年累计量"


def value_unit(indicator) -> str:
    """The unit of the figure a department reports for an indicator, as forms, tables, charts and Excel
    show it. The indicator's unit, except for growth targets: their unit (%) is the target's, while the
    figure reported is the year-to-date absolute total (回收吨数, 交易辆数), never a percent."""
    return GROWTH_VALUE_UNIT if indicator.kind == "growth" else indicator.unit


def target_text(target, indicator) -> str:
    return target_words(target.value, target.note, indicator)


def rounded(value, places: int = 2) -> str:
    """For computed figures (expected values, percents): at most `places` decimals, no trailing zeros."""
    if value is None:
        return ""
    return plain(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def money(value) -> str:
    """元 with thousands separators, whole amounts without decimals and others to the fen as accounts are
    written: 30,000,000 and 2,999.40."""
    if value is None:
        return ""
    amount = Decimal(value)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
