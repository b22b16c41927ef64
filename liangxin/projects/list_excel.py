"""The project list as Excel: the rows the list's filters and search found, one a project."""

from liangxin.core import excel
from liangxin.plans.fields import FIELDS
from liangxin.projects.codes import CONSTRUCTION_KINDS, STAGES

HEADERS = [
    "项目名称",
    "项目单位",
    "统一社会信用代码",
    "项目代码",
    "领域",
    "建设性质",
    "所在街道/镇",
    "总投资（万元）",
    "设备投资（万元）",
    "计划开工",
    "计划竣工",
    "责任部门",
    "阶段",
]
WIDTHS = [40, 30, 22, 26, 12, 14, 14, 14, 14, 12, 12, 20, 10]


def export(projects) -> bytes:
    workbook = excel.new_workbook(write_only=True)
    rows = (
        [
            p.name,
            p.owner.name,
            p.owner.credit_code,
            p.code,
            FIELDS.label(p.field),
            CONSTRUCTION_KINDS.label(p.construction),
            p.town.name if p.town else "",
            p.total_investment,
            p.equipment_investment,
            p.start,
            p.end,
            p.department.name,
            STAGES.label(p.stage),
        ]
        for p in projects.iterator(chunk_size=2000)
    )
    excel.add_sheet(workbook, "项目库", HEADERS, rows, WIDTHS)
    return excel.to_bytes(workbook)
