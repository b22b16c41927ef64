from decimal import Decimal

from django import template

from liangxin.reporting.values import STAGES
from liangxin.reporting.workflow import ACTION_WORDS

register = template.Library()

COMPARISON_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "≈": "约"}


@register.filter
def plain(value):
    """92.9500 → 92.95, 60.0000 → 60: numbers as the plan writes them."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
    return str(value)


@register.filter
def target_text(target, indicator):
    if target.value is None:
        return target.note
    unit = indicator.unit
    if indicator.kind == "growth":
        return (
            f"较{indicator.baseline_year}年增长{COMPARISON_SIGNS[indicator.comparison]}{plain(target.value)}%"
        )
    return f"{COMPARISON_SIGNS[indicator.comparison]}{plain(target.value)}{'' if unit == '%' else ' '}{unit}".strip()


@register.filter
def chinese_number(n):
    digits = "零一二三四五六七八九十"
    n = int(n)
    if n <= 10:
        return digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


@register.filter
def stage_label(value):
    return STAGES.get(value or "", value or "")


@register.filter
def action_word(value):
    return ACTION_WORDS.get(value, value)


@register.filter
def get(mapping, key):
    return mapping.get(key, []) if mapping else []
