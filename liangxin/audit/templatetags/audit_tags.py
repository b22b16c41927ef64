import json

from django import template

from liangxin.accounts.roles import Role
from liangxin.audit.registry import ACTIONS, CHANNELS, OBJECT_TYPES, RESULTS

register = template.Library()


@register.filter
def action_label(code):
    return ACTIONS.label(code)


@register.filter
def channel_label(code):
    return CHANNELS.label(code)


@register.filter
def result_label(code):
    return RESULTS.label(code)


@register.filter
def object_label(code):
    return OBJECT_TYPES.label(code)


@register.filter
def role_labels(codes):
    """The roles an entry's user held ("approver,caseworker"), by their Chinese names."""
    labels = dict(Role.choices)
    return "、".join(labels.get(code, code) for code in (codes or "").split(",") if code)


@register.filter
def pretty_json(value):
    return json.dumps(value, ensure_ascii=False, indent=2) if value is not None else ""
