"""The matching section of a list entry's page: its best candidates with their reasons and the forms to
mark them, and the matches recorded for it."""

from django import template

from liangxin.lists.matching import board
from liangxin.lists.matching.codes import FIRST_STATES, MATCH_STATES

register = template.Library()
SHOWN = 5


@register.inclusion_tag("matching/_section.html", takes_context=True)
def entry_matching(context, entry, side: str):
    user = context["request"].user
    recorded = entry.matches.select_related("demand", "demand__unit", "supply", "supply__unit")
    return {
        "side": side,
        "entry": entry,
        "rows": board.rows(user, side, entry, SHOWN),
        "recorded": recorded,
        "first_states": [MATCH_STATES[s] for s in FIRST_STATES],
        "csrf_token": context.get("csrf_token"),
    }
