"""The status codes the engine gives a target, best to worst, with their Chinese labels."""

# Best to worst. ``SEVERITY`` gives every status its own rank so that ``roll_up``'s "worst" is unique.
STATUS_LABELS: dict[str, str] = {
    "achieved": "已完成",
    "done": "已完成",
    "on_track": "正常推进",
    "under_way": "推进中",
    "not_started": "未启动",
    "behind": "滞后",
    "seriously_behind": "严重滞后",
    "missed": "未完成",
    "no_data": "未填报",
}
# not_started only ever occurs before a deadline (an unfinished milestone past its deadline is
# "missed"), and it is also the status of a target whose year has not begun: it must not hide a real
# lag or miss in a roll-up, so it ranks just after "under way". no_data ranks worst: an unknown is
# never allowed to look better than a known problem.
SEVERITY: dict[str, int] = {code: rank for rank, code in enumerate(STATUS_LABELS)}
