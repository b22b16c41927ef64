"""All the bulletin's figures as an Excel workbook: every target, the areas, the sent values, reporting."""

from datetime import date

from liangxin.core import excel
from liangxin.core.display import value_unit
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period
from liangxin.reporting.stages import STAGES

from .data import LABEL_GROUPS, AreaLine, Bulletin, bulletin_data

TARGET_HEADERS = ["指标代码", "指标", "任务", "责任单位", "年份", "目标"]
TARGET_HEADERS += ["实际", "应完成", "完成进度%", "预测", "状态", "原因", "备注"]
VALUE_HEADERS = ["部门", "指标代码", "指标", "单位", "数值", "进度", "对比值", "说明", "状态"]
REPORT_HEADERS = ["部门", "状态", "报送时间", "是否逾期"]


def area_headers() -> list[str]:
    return ["领域", "目标数", *LABEL_GROUPS, "有风险", "平均完成进度%"]


def _target_rows(b: Bulletin):
    for t in b.targets:
        st = t.status
        department = t.department.name if t.department else ""
        what = [t.indicator.code, t.indicator.name, t.task_label, department, t.row.year, t.target]
        figures = [st.actual, st.expected, st.percent, st.projection, t.status_label, st.reason]
        yield what + figures + [t.computed_note]


def _area_rows(b: Bulletin):
    for a in [*b.areas, AreaLine("合计", b.overall)]:
        counts = [a.count(label) for label in LABEL_GROUPS]
        yield [a.title, a.rolled["total"], *counts, a.rolled["at_risk"], a.rolled["percent"]]


def _value_rows(b: Bulletin):
    for v in b.values:
        what = [v.submission.department.name, v.indicator.code, v.indicator.name, value_unit(v.indicator)]
        stage = STAGES.label(v.stage)
        yield what + [v.value, stage, v.reference, v.note, v.submission.get_status_display()]


def _report_rows(b: Bulletin):
    for r in b.reports:
        when = r.submitted_at.strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""
        overdue = bool(r.late_days) or (not r.sent and b.overdue)
        yield [r.department.name, r.status_label, when, "是" if overdue else "否"]


def bulletin_xlsx(
    plan: Plan, period: Period, issued_on: date | None = None, data: Bulletin | None = None
) -> bytes:
    """All the bulletin's figures: every target, the areas, every sent value of the period, reporting."""
    b = data or bulletin_data(plan, period, issued_on)
    workbook = excel.new_workbook()
    excel.add_sheet(
        workbook,
        "目标完成情况",
        TARGET_HEADERS,
        _target_rows(b),
        [30, 28, 30, 20, 7, 18, 10, 10, 11, 10, 14, 80, 30],
    )
    excel.add_sheet(
        workbook, "分领域", area_headers(), _area_rows(b), [32, 8] + [9] * (len(LABEL_GROUPS) + 1) + [14]
    )
    excel.add_sheet(workbook, "填报数值", VALUE_HEADERS, _value_rows(b), [22, 30, 28, 10, 12, 9, 10, 30, 12])
    excel.add_sheet(workbook, "报送情况", REPORT_HEADERS, _report_rows(b), [24, 22, 18, 10])
    workbook.properties.title = b.title
    workbook.properties.creator = b.office
    return excel.to_bytes(workbook)
