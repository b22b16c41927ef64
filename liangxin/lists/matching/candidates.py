"""The candidates of a pairing, ranked by scoring.score with its reasons: for a demand, the published
(accepted) supply entries; for a supply entry, the accepted demands it could serve.

The database finds the candidates, by the category and the word index (SupplyToken, DemandToken), and
gives their few scored columns; the lists are never read whole nor segmented again. Only the top of the
ranking is loaded as records, with their units and honours, to show."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q

from liangxin.enterprises.codes import LEVELS
from liangxin.lists.matching import scoring
from liangxin.lists.matching.models import DemandToken, SupplyToken
from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry

PUBLISHED = "accepted"
LIMIT, MAX_LIMIT = 20, 100
_SEPARATORS = re.compile(r"[、，,;；/\n]+")


@dataclass(frozen=True)
class Candidate:
    rank: int
    entry: SupplyEntry | DemandEntry
    fit: scoring.Fit


def certification_names(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _SEPARATORS.split(text or "") if p.strip())


def _category_labels() -> dict[int, tuple[str, str]]:
    return {c.pk: (c.code, c.name) for c in SupplyCategory.objects.all()}


def _honour_names(entry: SupplyEntry) -> tuple[str, ...]:
    return tuple(
        f"{LEVELS.label(h.level)}{h.kind.name}"
        for h in entry.honours.filter(withdrawn_at__isnull=True).select_related("kind")
    )


def _need(demand: DemandEntry, category_code: str, words) -> scoring.Need:
    town = demand.unit.town_id if demand.unit_id and demand.unit.town_id else demand.town_id
    return scoring.Need(category_code, tuple(words), town, demand.amount, demand.quantity or None)


def _offer(row: dict, category_code: str, words, honours: tuple[str, ...], town_name: str = ""):
    return scoring.Offer(
        category=category_code,
        words=frozenset(words),
        town_id=row["unit__town_id"],
        town_name=town_name,
        certifications=certification_names(row["certifications"]),
        honours=honours,
        price_low=row["price_min"],
        price_high=row["price_max"],
    )


def _bounded(limit: int) -> int:
    return max(1, min(MAX_LIMIT, limit))


OFFER_COLUMNS = ("id", "category_id", "unit__town_id", "certifications", "price_min", "price_max")


def for_demand(demand: DemandEntry, limit: int = LIMIT) -> list[Candidate]:
    """The published supply entries for the demand, best first."""
    words = list(DemandToken.objects.filter(entry=demand).order_by("id").values_list("token", flat=True))
    categories = _category_labels()
    category_code = categories[demand.category_id][0] if demand.category_id else ""
    need = _need(demand, category_code, words)
    matched: dict[int, set[str]] = {}
    for entry_id, token in SupplyToken.objects.filter(token__in=words, entry__status=PUBLISHED).values_list(
        "entry_id", "token"
    ):
        matched.setdefault(entry_id, set()).add(token)
    published = SupplyEntry.objects.filter(status=PUBLISHED)
    rows = []
    if demand.category_id:
        rows += _offer_rows(published.filter(category_id=demand.category_id))
    if matched:
        others = published.filter(id__in=list(matched))
        rows += _offer_rows(others.exclude(category_id=demand.category_id) if demand.category_id else others)
    scored = []
    for row in rows:
        honours = ("",) * row["honour_count"]  # the count scores; the names are read for the top only
        offer = _offer(row, categories[row["category_id"]][0], matched.get(row["id"], ()), honours)
        scored.append((scoring.score(need, offer).score, row["id"]))
    scored.sort(key=lambda s: (-s[0], s[1]))
    top = [pk for _, pk in scored[: _bounded(limit)]]
    records = SupplyEntry.objects.select_related("unit", "unit__town", "category").in_bulk(top)
    ranked = []
    for rank, pk in enumerate(top, start=1):
        entry = records[pk]
        row = {
            "unit__town_id": entry.unit.town_id,
            "certifications": entry.certifications,
            "price_min": entry.price_min,
            "price_max": entry.price_max,
        }
        town_name = entry.unit.town.name if entry.unit.town_id else ""
        offer = _offer(row, entry.category.code, matched.get(pk, ()), _honour_names(entry), town_name)
        ranked.append(Candidate(rank, entry, scoring.score(need, offer, entry.category.name)))
    return ranked


def _offer_rows(entries) -> list[dict]:
    return list(
        entries.values(*OFFER_COLUMNS).annotate(
            honour_count=Count("honours", filter=Q(honours__withdrawn_at__isnull=True))
        )
    )


def for_supply(supply: SupplyEntry, limit: int = LIMIT) -> list[Candidate]:
    """The accepted demands the supply entry could serve, best first."""
    words = list(SupplyToken.objects.filter(entry=supply).values_list("token", flat=True))
    categories = _category_labels()
    town_name = supply.unit.town.name if supply.unit.town_id else ""
    row = {
        "unit__town_id": supply.unit.town_id,
        "certifications": supply.certifications,
        "price_min": supply.price_min,
        "price_max": supply.price_max,
    }
    offer = _offer(row, categories[supply.category_id][0], words, _honour_names(supply), town_name)
    matched: dict[int, list[str]] = {}
    for entry_id, token in (
        DemandToken.objects.filter(token__in=words, entry__status=PUBLISHED)
        .order_by("id")
        .values_list("entry_id", "token")
    ):
        matched.setdefault(entry_id, []).append(token)
    accepted = DemandEntry.objects.filter(status=PUBLISHED)
    chosen = Q(category_id=supply.category_id) | Q(id__in=list(matched))
    columns = ("id", "category_id", "unit__town_id", "town_id", "amount", "quantity")
    scored = []
    for need_row in accepted.filter(chosen).values(*columns):
        category_code = categories[need_row["category_id"]][0] if need_row["category_id"] else ""
        town = need_row["unit__town_id"] or need_row["town_id"]
        need = scoring.Need(
            category_code,
            tuple(matched.get(need_row["id"], ())),
            town,
            need_row["amount"],
            need_row["quantity"] or None,
        )
        scored.append((scoring.score(need, offer).score, need_row["id"], need))
    scored.sort(key=lambda s: (-s[0], s[1]))
    top = scored[: _bounded(limit)]
    records = DemandEntry.objects.select_related("unit", "town", "category").in_bulk([pk for _, pk, _ in top])
    return [
        Candidate(rank, records[pk], scoring.score(need, offer, supply.category.name))
        for rank, (_, pk, need) in enumerate(top, start=1)
    ]
