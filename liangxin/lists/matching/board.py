"""The rows a page shows for an entry's candidates: each candidate, the match already recorded for the
pair (if any), and whether the user may mark it; shared by the candidates page and the entry's page."""

from liangxin.lists.matching import access, candidates
from liangxin.lists.matching.models import Match


def rows(user, side: str, entry, limit: int) -> list[tuple]:
    if side == "demand":
        found = candidates.for_demand(entry, limit)
        recorded = {m.supply_id: m for m in Match.objects.filter(demand=entry)}
        return [(c, recorded.get(c.entry.pk), access.may_mark(user, entry, c.entry)) for c in found]
    found = candidates.for_supply(entry, limit)
    recorded = {m.demand_id: m for m in Match.objects.filter(supply=entry)}
    return [(c, recorded.get(c.entry.pk), access.may_mark(user, c.entry, entry)) for c in found]
