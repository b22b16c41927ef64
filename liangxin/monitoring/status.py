"""The status engine: how far one indicator target has come as of a date, and why.

Pure Python (no Django): the pages, the API, the 调度通报 and the roll-ups all call ``evaluate`` and
``roll_up``, so a rule lives in one place. All numbers are ``decimal.Decimal``; percentages are written as
people write them (92.95 means 92.95 %). The rules are documented for users in ``docs/status-rules.md``.

This module picks the rule for a target; the rules live in ``quantities`` (cumulative totals, levels,
annual totals), ``growth`` and ``qualitative`` (milestones, relative comparisons, qualitative targets),
what they share in ``progress``, the engine's input and output types in ``targets``, and the roll-ups in
``rollup``.

Conventions decided here (see the docs for the full list):

* Elapsed share: the expected path is a straight line between two dates: 0 % at the start date
  (plan start, or 1 January for annual targets) and 100 % on 31 December of the target year, by whole
  days ``(as_of - start) / (deadline - start)``. On the start date the expected value is exactly the
  starting value, on the deadline day exactly the target.
* Growth compares like periods: the year-to-date figure through the report's ``period_end``
  (inclusive) with the same months (days) of the baseline year.
* A target is judged with the data up to its deadline: after 31 December of its year, later
  observations no longer change its status (a late completion is mentioned in the reason).
* Status thresholds use the percent as shown (rounded to 2 places, ROUND_HALF_UP), so the number and
  the status never disagree.
* Of several observations for the same ``period_end`` the last one in the list wins.
"""

from __future__ import annotations

from datetime import date
from decimal import Context, localcontext

from .growth import growth_status
from .progress import day
from .qualitative import milestone_status, qualitative_status, relative_status
from .quantities import annual_status, running_status
from .targets import Observation, TargetSpec, TargetStatus


def evaluate(target: TargetSpec, observations: list[Observation], as_of: date) -> TargetStatus:
    """The status of one target as of a date, from the accepted observations of its indicator."""
    with localcontext(Context(prec=34)):
        return _evaluate(target, _known(observations, as_of), as_of)


def evaluate_all(
    targets: list[TargetSpec], observations: list[Observation], as_of: date
) -> list[TargetStatus]:
    """``evaluate`` for each of several targets of the same indicator, sorting the observations once."""
    with localcontext(Context(prec=34)):
        known = _known(observations, as_of)
        return [_evaluate(target, known, as_of) for target in targets]


def _known(observations: list[Observation], as_of: date) -> list[Observation]:
    """The observations up to as_of, oldest first, the last one of each period_end."""
    latest_by_period = {o.period_end: o for o in observations if o.period_end <= as_of}
    return [latest_by_period[d] for d in sorted(latest_by_period)]


def _evaluate(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    if as_of < t.plan_start:
        return TargetStatus.of(
            "not_started", f"方案自{day(t.plan_start)}起实施，截至{day(as_of)}尚未开始，未启动。"
        )
    if t.kind == "milestone":
        return milestone_status(t, obs, as_of)
    if t.kind == "relative":
        return relative_status(t, obs, as_of)
    if t.value is None:
        if any(o.stage is not None for o in obs):
            return milestone_status(t, obs, as_of)
        return qualitative_status(t, obs)
    if t.kind == "growth":
        return growth_status(t, obs, as_of)
    if t.accumulation == "annual":
        return annual_status(t, obs, as_of)
    return running_status(t, obs, as_of)
