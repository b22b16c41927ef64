"""The rules for targets without a numeric path: milestones (the reported stage), relative comparisons
(against a figure reported alongside) and qualitative targets (which need a person's judgement)."""

from __future__ import annotations

from datetime import date

from liangxin.reporting.stages import STAGES

from .progress import day, meets, no_data_status, num
from .status_codes import STATUS_LABELS
from .targets import Observation, TargetSpec, TargetStatus


def qualitative_status(t: TargetSpec, obs: list[Observation]) -> TargetStatus:
    with_value = [o for o in obs if o.value is not None]
    if not with_value:
        return TargetStatus.of("no_data", "定性目标，尚未报送情况，未填报。")
    last = with_value[-1]
    return TargetStatus.of(
        "judgement",
        f"定性目标（{t.note or '无量化目标值'}），{day(last.period_end)}填报值为{num(last.value)}{t.unit}，"
        "是否达到需人工判断，待人工判断。",
        actual=last.value,
        period_end=last.period_end,
    )


def milestone_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    deadline = t.deadline
    staged = [o for o in obs if o.stage is not None and o.period_end <= deadline]
    if not staged:
        if as_of > deadline:
            return TargetStatus.of(
                "no_data", f"期限{day(deadline)}已过，期限内未报送进展，无法判定是否完成，未填报。"
            )
        return TargetStatus.of("no_data", f"截至{day(as_of)}尚未报送进展，未填报。")
    last = staged[-1]
    stage, when = last.stage, day(last.period_end)
    if stage == "done":
        # one 已完成 for every kind of target: a milestone done is achieved
        return TargetStatus.of(
            "achieved",
            f"{when}报送进展为“已完成”（期限{day(deadline)}），已完成。",
            period_end=last.period_end,
        )
    if as_of > deadline:
        late = [o for o in obs if o.stage == "done" and deadline < o.period_end]
        note = f"（{day(late[0].period_end)}报送已完成，晚于期限）" if late else ""
        return TargetStatus.of(
            "missed",
            f"期限{day(deadline)}已过，期限内最近一次（{when}）报送进展为“{STAGES[stage].label}”{note}，未完成。",
            period_end=last.period_end,
        )
    days_left = (deadline - as_of).days
    left = f"距期限{day(deadline)}还有{days_left}天" if days_left else f"今天（{day(deadline)}）即为期限"
    return TargetStatus.of(
        stage,
        f"{when}报送进展为“{STAGES[stage].label}”，{left}，{STATUS_LABELS[stage]}。",
        period_end=last.period_end,
    )


def relative_status(t: TargetSpec, obs: list[Observation], as_of: date) -> TargetStatus:
    deadline = t.deadline
    complete = [
        o for o in obs if o.value is not None and o.reference is not None and o.period_end <= deadline
    ]
    if not complete:
        return no_data_status(t, as_of, "本项指标值和对比值")
    last = complete[-1]
    actual, reference = last.value, last.reference
    tolerance = t.tolerance_or_default
    # what the target asks, and what the figures show when it is not met, as a person writes them
    asked, short = {
        ">=": ("不低于对比值", "低于对比值"),
        ">": ("高于对比值", "未高于对比值"),
        "<=": ("不高于对比值", "高于对比值"),
        "<": ("低于对比值", "未低于对比值"),
        "=": ("等于对比值", "不等于对比值"),
    }.get(
        t.comparison,
        (f"接近（相差{num(tolerance)}%以内）或高于对比值", f"低于对比值且相差超过{num(tolerance)}%"),
    )
    facts = f"本项为{num(actual)}{t.unit}，对比值为{num(reference)}{t.unit}"
    fields = {"actual": actual, "expected": reference, "period_end": last.period_end}
    if meets(actual, reference, t.comparison, tolerance):
        return TargetStatus.of(
            "achieved", f"截至{day(last.period_end)}{facts}，达到要求（{asked}），已完成。", **fields
        )
    if as_of > deadline:
        return TargetStatus.of(
            "missed",
            f"期限{day(deadline)}已过，期限内最近一期（{day(last.period_end)}）{facts}，{short}，"
            f"未达到要求（{asked}），未完成。",
            **fields,
        )
    return TargetStatus.of(
        "behind", f"截至{day(last.period_end)}{facts}，{short}，尚未达到要求（{asked}），滞后。", **fields
    )
