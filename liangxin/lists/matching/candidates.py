"""The candidates of a pairing, ranked by scoring.score with its reasons: for a demand, the published
(accepted) supply entries; for a supply entry, the accepted demands it could serve.

The database finds the candidates, by the category and the word index (SupplyToken, DemandToken), and
gives each its points (scoring's rules written as SQL: `supply_points`, `demand_points`) but for the
words it shares, counted in one grouped query on the index; the ranking adds them up (a test holds the sum equal to scoring.score on every candidate). The lists are
never read whole nor segmented again; only the top of the ranking is loaded, and scored again with its
reasons."""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least, NullIf

from liangxin.enterprises.codes import LEVELS
from liangxin.lists.matching import scoring
from liangxin.lists.matching.models import DemandToken, SupplyToken
from liangxin.lists.models import DemandEntry, SupplyEntry

PUBLISHED = "accepted"
LIMIT, MAX_LIMIT = 20, 100
# a word found in more entries than this tells none of them apart, as 智能 or 节能 in a list of tens of
# thousands: it neither finds candidates nor earns points (a district's real lists hold far fewer entries)
COMMON = 5000
_SEPARATORS = re.compile(r"[、，,;；/\n]+")
_INT = IntegerField()


@dataclass(frozen=True)
class Candidate:
    rank: int
    entry: SupplyEntry | DemandEntry
    fit: scoring.Fit


def certification_names(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _SEPARATORS.split(text or "") if p.strip())


def _points(value: int, condition: Q, otherwise: int = 0):
    return Case(When(condition, then=Value(value)), default=Value(otherwise), output_field=_INT)


def _price_points(budget):
    """scoring._price in SQL, over the price aliases of `_with_prices`."""
    return Case(
        When(Q(low__isnull=True, high__isnull=True), then=Value(0)),
        When(Q(high_x__lte=budget), then=Value(scoring.PRICE_POINTS)),
        When(Q(low_x__lte=budget), then=Value(scoring.PRICE_PART_POINTS)),
        default=Value(0),
        output_field=_INT,
    )


_HONOURS = SupplyEntry.honours.through.objects.filter(honour__withdrawn_at__isnull=True)


def _honours():
    """The number of honours in force of each supply entry: counted only for the entries that have any
    (a lookup in the set the database makes once), 0 for the others."""
    counted = (
        _HONOURS.filter(supplyentry_id=OuterRef("pk"))
        .values("supplyentry_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Case(
        When(pk__in=_HONOURS.values("supplyentry_id"), then=Subquery(counted, output_field=_INT)),
        default=Value(0),
        output_field=_INT,
    )


def supply_points(need: scoring.Need, category_id: int | None):
    """scoring.score of each supply entry for the need but for the words, in SQL; the entries need the
    price aliases of `_with_prices`."""
    town = [When(unit__town_id=need.town_id, then=Value(scoring.SAME_TOWN_POINTS))] if need.town_id else []
    total = (
        _points(scoring.CATEGORY_POINTS, Q(category_id=category_id) if category_id else Q(pk__in=[]))
        + _points(scoring.CERTIFIED_POINTS, ~Q(certifications=""))
        + Least(_honours() * Value(scoring.HONOUR_POINTS), Value(scoring.HONOURS_MAX), output_field=_INT)
        + Case(
            *town,
            When(unit__town_id__isnull=False, then=Value(scoring.DISTRICT_POINTS)),
            default=Value(0),
            output_field=_INT,
        )
    )
    if need.budget is not None:
        total = total + _price_points(need.budget)
    return total


def _with_prices(entries, pieces):
    """Each entry's low and high price (one standing for the other when missing), times the pieces."""
    return entries.alias(
        low=Coalesce("price_min", "price_max"),
        high=Coalesce("price_max", "price_min"),
        low_x=Coalesce("price_min", "price_max") * pieces,
        high_x=Coalesce("price_max", "price_min") * pieces,
    )


def distinctive(token_model, words: list[str]) -> list[str]:
    """The words not common in the list (see COMMON); each counted only up to the bound."""
    return [w for w in words if token_model.objects.filter(token=w)[: COMMON + 1].count() <= COMMON]


@contextmanager
def _planned_plainly():
    """PostgreSQL compiles a ranking query it estimates costly (JIT), which takes far longer than running
    it (240 ms of 241 on 200,000 entries); the ranking's transaction goes without."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _honour_names(entry_ids) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = {}
    for link in _HONOURS.filter(supplyentry_id__in=entry_ids).select_related("honour__kind").order_by("id"):
        names.setdefault(link.supplyentry_id, []).append(
            f"{LEVELS.label(link.honour.level)}{link.honour.kind.name}"
        )
    return {k: tuple(v) for k, v in names.items()}


def _offer(entry: SupplyEntry, words, honours: tuple[str, ...]) -> scoring.Offer:
    return scoring.Offer(
        category=entry.category.code,
        words=frozenset(words),
        town_id=entry.unit.town_id,
        town_name=entry.unit.town.name if entry.unit.town_id else "",
        certifications=certification_names(entry.certifications),
        honours=honours,
        price_low=entry.price_min,
        price_high=entry.price_max,
    )


def _need(demand: DemandEntry, category_code: str, words) -> scoring.Need:
    town = demand.unit.town_id if demand.unit_id and demand.unit.town_id else demand.town_id
    return scoring.Need(category_code, tuple(words), town, demand.amount, demand.quantity or None)


def _bounded(limit: int) -> int:
    return max(1, min(MAX_LIMIT, limit))


def _words_by_entry(model, entry_ids, words) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for entry_id, token in (
        model.objects.filter(entry_id__in=entry_ids, token__in=words)
        .order_by("id")
        .values_list("entry_id", "token")
    ):
        found.setdefault(entry_id, []).append(token)
    return found


def _counts(rows, key: str) -> dict[int, int]:
    return dict(rows.values(key).annotate(n=Count("*")).values_list(key, "n"))


def _ranked(rows, words_by_key: dict[int, int]) -> list[tuple[int, int]]:
    """(id, points) best first: the database's points and the words counted apart."""
    ranked = [
        (pk, points + min(scoring.WORDS_MAX, scoring.WORD_POINTS * words_by_key.get(pk, 0)))
        for pk, points in rows
    ]
    ranked.sort(key=lambda r: (-r[1], r[0]))
    return ranked


def supply_ranking(demand: DemandEntry):
    """The need, its words and the published supply entries for it as (id, points), best first."""
    words = list(DemandToken.objects.filter(entry=demand).order_by("id").values_list("token", flat=True))
    words = distinctive(SupplyToken, words)
    need = _need(demand, demand.category.code if demand.category_id else "", words)
    unordered = SupplyEntry.objects.filter(status=PUBLISHED).order_by()  # ranked here, not by date
    published = _with_prices(unordered, Value(need.quantity or 1))
    points = supply_points(need, demand.category_id)
    rows = []  # by its category, then by a word: two queries the indexes answer, rather than one with OR
    if demand.category_id:
        rows += (
            published.filter(category_id=demand.category_id)
            .annotate(points=points)
            .values_list("id", "points")
        )
    if words:
        by_word = published.filter(pk__in=SupplyToken.objects.filter(token__in=words).values("entry_id"))
        if demand.category_id:
            by_word = by_word.exclude(category_id=demand.category_id)
        rows += by_word.annotate(points=points).values_list("id", "points")
    shared = _counts(SupplyToken.objects.filter(token__in=words), "entry_id") if words else {}
    return need, words, _ranked(rows, shared)


def for_demand(demand: DemandEntry, limit: int = LIMIT) -> list[Candidate]:
    """The published supply entries for the demand, best first."""
    with _planned_plainly():
        need, words, ranked = supply_ranking(demand)
    top = [pk for pk, _ in ranked[: _bounded(limit)]]
    records = SupplyEntry.objects.select_related("unit", "unit__town", "category").in_bulk(top)
    matched = _words_by_entry(SupplyToken, top, words)
    honours = _honour_names(top)
    found = []
    for rank, pk in enumerate(top, start=1):
        entry = records[pk]
        offer = _offer(entry, matched.get(pk, ()), honours.get(pk, ()))
        found.append(Candidate(rank, entry, scoring.score(need, offer, entry.category.name)))
    return found


def demand_points(offer: scoring.Offer, category_id: int):
    """scoring.score of each demand for the supply entry (`offer`) but for the words, in SQL."""
    fixed = (scoring.CERTIFIED_POINTS if offer.certifications else 0) + min(
        scoring.HONOURS_MAX, scoring.HONOUR_POINTS * len(offer.honours)
    )
    town = Value(0)
    if offer.town_id is not None:
        town = _points(
            scoring.SAME_TOWN_POINTS,
            Q(unit__town_id=offer.town_id) | Q(unit__town_id__isnull=True, town_id=offer.town_id),
            scoring.DISTRICT_POINTS,
        )
    total = _points(scoring.CATEGORY_POINTS, Q(category_id=category_id)) + Value(fixed) + town
    if offer.price_low is not None or offer.price_high is not None:
        low = offer.price_low if offer.price_low is not None else offer.price_high
        high = offer.price_high if offer.price_high is not None else offer.price_low
        pieces = Coalesce(NullIf(F("quantity"), Value(0)), Value(1))
        total = total + Case(
            When(Q(amount__gte=pieces * Value(high)), then=Value(scoring.PRICE_POINTS)),
            When(Q(amount__gte=pieces * Value(low)), then=Value(scoring.PRICE_PART_POINTS)),
            default=Value(0),
            output_field=_INT,
        )
    return total


def demand_ranking(supply: SupplyEntry):
    """The supply entry as an offer, its words and the accepted demands as (id, points), best first."""
    words = list(SupplyToken.objects.filter(entry=supply).values_list("token", flat=True))
    words = distinctive(DemandToken, words)
    offer = _offer(supply, words, _honour_names([supply.pk]).get(supply.pk, ()))
    accepted = DemandEntry.objects.filter(status=PUBLISHED).order_by()  # ranked here, not by date
    points = demand_points(offer, supply.category_id)
    rows = list(
        accepted.filter(category_id=supply.category_id).annotate(points=points).values_list("id", "points")
    )
    if words:
        by_word = accepted.filter(pk__in=DemandToken.objects.filter(token__in=words).values("entry_id"))
        rows += (
            by_word.exclude(category_id=supply.category_id)
            .annotate(points=points)
            .values_list("id", "points")
        )
    shared = _counts(DemandToken.objects.filter(token__in=words), "entry_id") if words else {}
    return offer, words, _ranked(rows, shared)


def for_supply(supply: SupplyEntry, limit: int = LIMIT) -> list[Candidate]:
    """The accepted demands the supply entry could serve, best first."""
    with _planned_plainly():
        offer, words, ranked = demand_ranking(supply)
    top = [pk for pk, _ in ranked[: _bounded(limit)]]
    records = DemandEntry.objects.select_related("unit", "town", "category").in_bulk(top)
    matched = _words_by_entry(DemandToken, top, words)
    found = []
    for rank, pk in enumerate(top, start=1):
        demand = records[pk]
        need = _need(demand, demand.category.code if demand.category_id else "", matched.get(pk, ()))
        found.append(Candidate(rank, demand, scoring.score(need, offer, supply.category.name)))
    return found
