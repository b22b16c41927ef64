"""The bulletin's paragraphs, in the words of an official notice."""

from datetime import date

from liangxin.core.display import plain
from liangxin.monitoring.rollup import roll_up

from .data import LABEL_GROUPS, Bulletin, DepartmentReport


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _counts_words(rolled: dict) -> str:
    parts = []
    for label, codes in LABEL_GROUPS.items():
        n = sum(rolled["counts"].get(code, 0) for code in codes)
        if n:
            parts.append(f"{label}{n}项")
    return "、".join(parts) or "暂无"


def _names(reports: list[DepartmentReport]) -> str:
    return "、".join(r.department.short_name for r in reports)


def whole(district: str) -> str:
    """全区 / 全县 / 全市 for the district's kind, else nothing."""
    return f"全{district[-1]}" if district and district[-1] in "区县市旗" else ""


def overall_paragraphs(b: Bulletin) -> list[str]:
    rolled = b.overall
    first = (
        f"截至{day(b.as_of)}，纳入本期调度的{b.live_year}年度及以后目标（含{b.plan.end_year}年期末目标）"
        f"共{rolled['total']}项，其中{_counts_words(rolled)}"
    )
    if rolled["percent"] is not None:
        first += f"；有进度数据的目标平均完成进度{plain(rolled['percent'])}%"
    first += "。"
    if rolled["at_risk"]:
        first += f"另有{rolled['at_risk']}项目标当前正常推进，但按当前趋势预计到期不能完成，需重点关注。"
    paragraphs = [first]
    past = b.past
    if past:
        years = sorted({t.row.year for t in past})
        span = f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"
        paragraphs.append(
            f"{span}目标共{len(past)}项已到期，其中{_counts_words(roll_up([t.status for t in past]))}。"
        )
    return paragraphs


def areas_paragraph(b: Bulletin) -> str:
    if not b.areas:
        return "本期没有纳入调度的分领域目标。"
    lagging = [a for a in b.areas if a.lagging]
    text = "各领域目标完成情况见表1。"
    if lagging:
        text += "其中，" + "；".join(f"{a.title}有滞后目标{a.lagging}项" for a in lagging) + "；"
        others = len(b.areas) - len(lagging)
        text += f"其余{others}个领域目标总体按进度推进。" if others else "需加快推进。"
    else:
        text += "各领域目标总体按进度推进。"
    return text


def attention_paragraph(b: Bulletin) -> str:
    if not b.attention:
        return "本期没有滞后、存在风险或已到期未完成的目标。"
    live = [t for t in b.attention if t.row.year >= b.live_year]
    past = len(b.attention) - len(live)
    parts = []
    if live:
        parts.append(f"{b.live_year}年度及以后目标中滞后或存在不能按期完成风险的{len(live)}项")
    if past:
        parts.append(f"往年已到期未完成的{past}项")
    return (
        f"本期需重点关注的目标共{len(b.attention)}项，包括" + "、".join(parts) + "，详见表2。"
        "请相关责任单位认真分析原因，制定针对性措施，加快推进。"
    )


def reporting_paragraph(b: Bulletin) -> str:
    sent = [r for r in b.reports if r.sent]
    on_time = [r for r in sent if not r.late_days]
    text = (
        f"本期报送期限为{day(b.period.deadline)}，应报送单位{len(b.reports)}个，已报送{len(sent)}个，"
        f"其中按时报送{len(on_time)}个"
    )
    if b.late:
        text += f"，逾期报送{len(b.late)}个（{_names(b.late)}）"
    text += "；"
    if b.missing:
        word = "逾期未报送" if b.overdue else "尚未报送"
        text += f"{word}{len(b.missing)}个（{_names(b.missing)}）。"
    else:
        text += "所有单位均已报送。"
    if b.pending:
        text += f"已报送单位中，{_names(b.pending)}的填报尚待审核或采纳，其数据暂未计入本期目标进度。"
    if b.late or b.missing:
        text += "逾期和未报送情况见表3。"
    return text
