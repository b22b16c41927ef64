"""Computed indicators in the status engine: the figure a registered source (plans/sources.py) gives for
each reporting period's window stands where an accepted report would, one observation per period of the
plan ended by the date asked about; a growth indicator without a baseline value in the plan takes the
source's baseline year total. Their records changing bumps `sources.records_version()`, part of the
status cache key (service.data_version)."""

from datetime import date

from liangxin.plans import sources
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting.models import Period

from .targets import Observation


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
