from django import template

from liangxin.queue.periodic import PERIODIC

register = template.Library()


@register.filter
def periodic_label(code: str) -> str:
    return PERIODIC.label(code)
