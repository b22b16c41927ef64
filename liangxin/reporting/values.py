"""Checking reported values: types and units, ranges, monotone cumulative totals, and outliers against
the indicator's own history (a DHIS2-style z-score), each message naming the indicator in Chinese."""

from dataclasses import dataclass
from decimal import Decimal

from liangxin.core import bounds
from liangxin.core.display import plain
from liangxin.core.errors import Invalid
from liangxin.plans.models import Indicator
from liangxin.reporting.stages import STAGES

# a stage may be typed as its code or its label
_STAGE_WORDS = {word: stage.code for stage in STAGES for word in (stage.code, stage.label)}
_STAGE_LABELS = [stage.label for stage in STAGES]
_STAGE_CHOICE = f"{'、'.join(_STAGE_LABELS[:-1])} 或 {_STAGE_LABELS[-1]}"  # 未启动、推进中 或 已完成
MAX_DIGITS, MAX_PLACES = 18, 4
# Indicators that take a second figure: relative ones the figure compared against, growth ones the
# baseline year's figure for the same months.
REFERENCE_KINDS = {"relative": "对比值", "growth": "基准年同期值"}
Z_LIMIT = Decimal(3)


@dataclass(frozen=True)
class Reported:
    value: Decimal | None = None
    stage: str = ""
    reference: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    severity: str  # "error" blocks saving or submitting; "warning" needs a written explanation to submit


class ValuesInvalid(Invalid):
    summary = "填报内容有误"

    def __init__(self, problems: list[Problem]):
        super().__init__("；".join(p.message for p in problems), problems)

    def problem_dicts(self) -> list[dict]:
        return [{"indicator": p.code, "message": p.message} for p in self.problems]


def _number(raw, name: str, field: str, problems: list[Problem], code: str) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return bounds.number(raw, digits=MAX_DIGITS, places=MAX_PLACES)
    except ValueError as exc:
        problems.append(Problem(code, f"{name}：{field}{exc}", "error"))
        return None


def parse_entry(
    indicator: Indicator, raw_value, raw_reference, note: str, problems: list[Problem]
) -> Reported:
    """One indicator's input as typed (API body, form or spreadsheet cell) → a Reported, or problems."""
    name, code = indicator.name, indicator.code
    if indicator.kind == "milestone":
        if raw_value is None or raw_value == "":
            return Reported(note=note)
        stage = _STAGE_WORDS.get(str(raw_value).strip())
        if stage is None:
            problems.append(Problem(code, f"{name}：进度应为 {_STAGE_CHOICE}", "error"))
            return Reported(note=note)
        return Reported(stage=stage, note=note)
    value = _number(raw_value, name, "数值", problems, code)
    takes_reference = indicator.kind in REFERENCE_KINDS
    if raw_reference not in (None, "") and not takes_reference:
        problems.append(Problem(code, f"{name}：该指标不填对比值", "error"))
    reference = (
        _number(raw_reference, name, REFERENCE_KINDS[indicator.kind], problems, code)
        if takes_reference
        else None
    )
    if value is not None and value < 0 and indicator.kind not in {"growth", "relative"}:
        problems.append(Problem(code, f"{name}：数值不能为负数", "error"))
    if value is not None and indicator.unit == "%" and indicator.kind == "percent" and not 0 <= value <= 100:
        problems.append(Problem(code, f"{name}：百分比应在 0 到 100 之间，填写的是 {value}", "error"))
    return Reported(value=value, reference=reference, note=note)


def check_history(
    indicator: Indicator,
    reported: Reported,
    last_accepted: Decimal | None,
    history: list[Decimal],
    problems: list[Problem],
) -> None:
    """Compare with accepted values of earlier periods (oldest first)."""
    if reported.value is None:
        return
    name, code, value = indicator.name, indicator.code, reported.value
    if indicator.accumulation == "cumulative" and last_accepted is not None and value < last_accepted:
        problems.append(
            Problem(code, f"{name}：累计值 {plain(value)} 低于上期已采纳的 {plain(last_accepted)}", "error")
        )
        return
    series = history
    candidate = value
    if indicator.accumulation == "cumulative" and history:
        series = [b - a for a, b in zip(history, history[1:], strict=False)]
        candidate = value - history[-1]
    if len(series) < 3:
        return
    mean_d = sum(series, Decimal(0)) / len(series)
    spread_d = (sum(((x - mean_d) ** 2 for x in series), Decimal(0)) / len(series)).sqrt()
    if spread_d == 0:
        outside = mean_d != 0 and abs(candidate - mean_d) > abs(mean_d)
    else:
        outside = abs(candidate - mean_d) / spread_d > Z_LIMIT
    if outside and not reported.note.strip():
        what = "本期增量" if candidate is not value else "数值"
        problems.append(
            Problem(
                code,
                f"{name}：{what} {plain(candidate)} 明显偏离以往（平均 {plain(mean_d.quantize(Decimal('0.01')))}），"
                "请填写说明后再报送",
                "warning",
            )
        )
