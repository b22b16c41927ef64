import json

from django import template

from liangxin.audit.views import action_label

register = template.Library()
register.filter("action_label", action_label)


@register.filter
def pretty_json(value):
    return json.dumps(value, ensure_ascii=False, indent=2) if value is not None else ""
