"""How plan numbers and targets read to a person: 92.95 not 92.9500, ≥228 台（套）, 较2023年增长≥15%."""

import re
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
    figure reported is the year-to-date absolute total (回收吨数, 交易辆数), never a percent: in the unit the
    plan file gives it (value_unit), else named as what it is."""
    if indicator.kind == "growth":
        return getattr(indicator, "value_unit", "") or GROWTH_VALUE_UNIT
    return indicator.unit


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


def district_of(issuer: str) -> str:
    """The issuing district from the plan's issuer: 泰安市泰山区人民政府 → 泰山区, 肥城市人民政府 → 肥城市."""
    name = re.sub(r"(人民政府|政府|办公室)$", "", issuer.strip())
    # the shortest province and city prefixes, so that 济南市市中区 gives 市中区
    if m := re.fullmatch(r"(?:.{2,7}?(?:省|自治区))?(?:.{2,7}?[市州盟])?(.+[区县旗])", name):
        return m[1]
    return name or issuer
