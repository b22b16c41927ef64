from django import template

from liangxin.notifications import inbox

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """The bell's count: the user's unread notifications."""
    return inbox.unread_count(user)
