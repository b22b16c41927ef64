"""Roll-ups of target statuses to a task, department, section or plan."""

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from .progress import Q2
from .status_codes import SEVERITY
from .targets import TargetStatus


def roll_up(statuses: list[TargetStatus]) -> dict:
    """Counts by status (every status present, zero-filled, best to worst), the worst status and the
    mean of the percents that exist (2 places, ROUND_HALF_UP)."""
    counts = dict.fromkeys(SEVERITY, 0)
    for item in statuses:
        counts[item.status] = counts.get(item.status, 0) + 1
    worst = max((item.status for item in statuses), key=lambda code: SEVERITY.get(code, -1), default=None)
    percents = [item.percent for item in statuses if item.percent is not None]
    mean = None
    if percents:
        with localcontext(Context(prec=34)):
            mean = (sum(percents, Decimal(0)) / Decimal(len(percents))).quantize(Q2, rounding=ROUND_HALF_UP)
    return {
        "total": len(statuses),
        "counts": counts,
        "worst": worst,
        "percent": mean,
        "at_risk": sum(1 for item in statuses if item.at_risk),
    }
