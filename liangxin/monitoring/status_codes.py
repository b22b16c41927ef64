"""The status codes the engine gives a target, each registered once: its Chinese label, its severity, its
colour in the charts, the colour of its badge on the pages, and the dashboard's headline figure it counts
towards. Pages, charts, Excel and the 调度通报 read them here. Plain Python, like the engine."""

from dataclasses import dataclass

from liangxin.core.codes import Registry
from liangxin.reporting.stages import STAGES


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    severity: int  # 0 is best; a roll-up's worst status is the one of highest severity
    colour: str  # its one colour, in the charts and as its badge's background; no two statuses share it
    ink: str  # the colour of text on that background (the badge's label)
    group: str  # the GROUPS figure it counts towards


STATUSES: Registry[Status] = Registry("目标状态")
# Registered best to worst, the order in which roll-ups list their counts. not_started only ever occurs
# before a deadline (an unfinished milestone past its deadline is "missed"), and it is also the status of
# a target whose year has not begun: it must not hide a real lag or miss in a roll-up, so it ranks just
# after "under way". A qualitative target with a reported value (大幅提升 with 51.82 %) awaits a person's
# judgement: it has data, so it is not "no data", and it is not known to lag. no_data ranks worst: an
# unknown is never allowed to look better than a known problem. A milestone reported done is "achieved"
# like any other target (one 已完成, not two); the stages under way and not started keep the stage's label.
# Each status has its own label and its own colour, so a chart or a badge never shows two as one.
for _status in (
    Status("achieved", "已完成", 0, "#198754", "#ffffff", "done"),
    Status("on_track", "正常推进", 1, "#0d6efd", "#ffffff", "on_track"),
    Status("under_way", STAGES["under_way"].label, 2, "#6ea8fe", "#052c65", "on_track"),
    Status("not_started", STAGES["not_started"].label, 3, "#6c757d", "#ffffff", "not_started"),
    Status("judgement", "待人工判断", 4, "#6f42c1", "#ffffff", "judgement"),
    Status("behind", "滞后", 5, "#ffc107", "#212529", "lagging"),
    Status("seriously_behind", "严重滞后", 6, "#fd7e14", "#212529", "lagging"),
    Status("missed", "未完成", 7, "#dc3545", "#ffffff", "lagging"),
    Status("no_data", "未填报", 8, "#ced4da", "#212529", "no_data"),
):
    STATUSES.add(_status)

# the engine's lookups, made once: it labels and ranks thousands of targets a request
STATUS_LABELS: dict[str, str] = {s.code: s.label for s in STATUSES}
SEVERITY: dict[str, int] = {s.code: s.severity for s in STATUSES}


@dataclass(frozen=True)
class Group:
    """A headline figure of the dashboard (its cards and its Excel summary): the targets whose status
    counts towards it."""

    code: str
    label: str
    emphasis: str = ""  # Bootstrap's contextual colour of the figure (text-<emphasis>); none when plain


GROUPS: Registry[Group] = Registry("目标状态汇总")
GROUPS.add(Group("done", STATUSES["achieved"].label, "success"))
GROUPS.add(Group("on_track", STATUSES["on_track"].label, "primary"))
GROUPS.add(Group("lagging", "滞后及未完成", "danger"))
GROUPS.add(Group("not_started", STATUSES["not_started"].label))
GROUPS.add(Group("judgement", STATUSES["judgement"].label))
GROUPS.add(Group("no_data", STATUSES["no_data"].label))


def group_counts(counts: dict[str, int]) -> dict[str, int]:
    """A roll-up's counts by status, added up by group."""
    totals = dict.fromkeys([g.code for g in GROUPS], 0)
    for code, n in counts.items():
        totals[STATUSES[code].group] += n
    return totals
