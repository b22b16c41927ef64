"""Events' part of the home page's to-do list (core.todo): for whoever keeps events, those whose last day
has passed while they still stand planned, to be marked held (so that they count) or cancelled."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.scope import has_perm
from liangxin.core.todo import Todo, contribute
from liangxin.events import access


@contribute("events", "对接和促销活动", order=27)
def event_todos(user) -> list[Todo]:
    if not has_perm(user, "event.edit"):
        return []
    overdue = access.events_for(user).filter(status="planned", end__lt=timezone.localdate())
    query = {"status": "planned"}
    if not has_perm(user, "event.edit_all"):
        overdue = overdue.filter(organiser_id=user.department_id)
        query["organiser"] = user.department.code if user.department else ""
    count = overdue.count()
    if not count:
        return []
    return [
        Todo(
            code="event_to_close",
            label="活动日期已过、尚未登记举办或取消的活动",
            count=count,
            url=f"{reverse('events:list')}?{urlencode(query)}",
            late=True,
        )
    ]
