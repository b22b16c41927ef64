from django import template

from liangxin.core import display
from liangxin.core.display import money, plain, rounded, target_text
from liangxin.core.identifiers import mask_name
from liangxin.monitoring.status_codes import STATUSES
from liangxin.reporting.stages import STAGES
from liangxin.reporting.steps import ACTION_WORDS
from liangxin.subsidies.intake.checks import LABELS as FLAG_LABELS

register = template.Library()

register.filter("plain", plain)
register.filter("rounded", rounded)
register.filter("money", money)
register.filter("target_text", target_text)


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
    return STAGES.label(value or "")


@register.filter
def action_word(value):
    return ACTION_WORDS.get(value, value)


@register.filter
def flag_label(code):
    return FLAG_LABELS.get(code, code)


@register.filter
def applicant(app):
    """An enterprise's name as it is; a person's masked (张*)."""
    return app.applicant_name if app.credit_code else mask_name(app.applicant_name)


@register.filter
def get(mapping, key):
    return mapping.get(key, []) if mapping else []


@register.filter
def value_unit(indicator):
    return display.value_unit(indicator)


@register.filter
def status_style(code):
    """A target status's badge in its registered colour; a code this version does not know (kept from an
    older one) is shown plain rather than failing the page."""
    status = STATUSES.get(code)
    return f"background-color:{status.colour};color:{status.ink}" if status else ""


@register.filter
def status_label(code):
    """A target status's Chinese label, from the status registry."""
    return STATUSES.label(code or "")
