import json

from django import template

from liangxin.audit.registry import ACTIONS

register = template.Library()


@register.filter
def action_label(code):
    return ACTIONS.label(code)


@register.filter
def pretty_json(value):
    return json.dumps(value, ensure_ascii=False, indent=2) if value is not None else ""
