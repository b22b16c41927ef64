"""Computed indicators in the status engine: the figure a registered source (plans/sources.py) gives for
each reporting period's window stands where an accepted report would, one observation per period of the
plan ended by the date asked about; a growth indicator without a baseline value in the plan takes the
source's baseline year total. A source's models changing bumps `figures_version`, part of the status
cache key."""

from datetime import date

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting.models import Period

from .targets import Observation

VERSION_KEY = "liangxin:computed-figures-version"


def period_ends(plan: Plan, as_of: date) -> list[date]:
    return sorted(set(Period.objects.filter(plan=plan, end__lte=as_of).values_list("end", flat=True)))


def observed(indicator: Indicator, ends: list[date]) -> list[Observation]:
    return [Observation(period_end=end, value=sources.computed(indicator, end)) for end in ends]


def computed_observations(plan: Plan, as_of: date) -> dict[int, list[Observation]]:
    """indicator id → one observation per period of the plan ended by as_of, for its computed indicators."""
    computed = [i for i in plan.indicators.filter(source_of_value__isnull=False) if sources.is_computed(i)]
    if not computed:
        return {}
    ends = period_ends(plan, as_of)
    return {indicator.pk: observed(indicator, ends) for indicator in computed}


def figures_version() -> int:
    return cache.get_or_set(VERSION_KEY, 0, timeout=None)


def _bump(sender, **_kwargs) -> None:
    # a new period is a new observation of every computed indicator
    counted = {"reporting.Period", *(name for source in sources.SOURCES for name in source.models)}
    if sender._meta.label not in counted:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value changes the key
        cache.set(VERSION_KEY, figures_version() + 1, timeout=None)


# every model's saves, not only the sources' models: a source may be registered by an app whose ready()
# runs after monitoring's; the check above is a set lookup over a handful of sources
post_save.connect(_bump, dispatch_uid="computed-figures:save")
post_delete.connect(_bump, dispatch_uid="computed-figures:delete")
