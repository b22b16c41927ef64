"""How plan numbers and targets read to a person: 92.95 not 92.9500, ≥228 台（套）, 较2023年增长≥15%."""

from decimal import Decimal

COMPARISON_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "≈": "约"}


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
    return str(value)


def target_text(target, indicator) -> str:
    if target.value is None:
        return target.note
    sign = COMPARISON_SIGNS[indicator.comparison]
    if indicator.kind == "growth":
        return f"较{indicator.baseline_year}年增长{sign}{plain(target.value)}%"
    unit = indicator.unit
    return f"{sign}{plain(target.value)}{'' if unit == '%' else ' '}{unit}".strip()
