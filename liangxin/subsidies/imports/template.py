"""The import template of a programme: the columns the importer accepts, as CSV and as XLSX; the XLSX offers
the programme's categories and grades as drop-down lists (data validation) and keeps the number columns as
text, so that Excel does not turn an 18-digit ID number into 3.70902E+17."""

import csv
import io

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from liangxin.core import excel
from liangxin.subsidies.imports.pipeline import HEADERS
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import rules

ROWS = 10000  # rows of the sheet that carry the drop-down lists
TEXT_COLUMNS = ("身份证号", "手机号", "序列号", "发票号码", "旧机回收凭证号")
CHOICE_LABELS = {"category": "品类", "grade": "能效等级"}
OPTIONS_SHEET = "可选值"
EXAMPLE_TIME = "2025-03-01 14:30"


def choices(programme: Programme) -> dict[str, list[str]]:
    """{column header: the values the programme accepts} for the columns that offer a choice."""
    found = rules.from_data(programme.rules).choices()
    return {label: list(found[key]) for key, label in CHOICE_LABELS.items() if found.get(key)}


def template_csv(programme: Programme) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(list(HEADERS))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(programme: Programme) -> bytes:
    headers = list(HEADERS)
    offered = choices(programme)
    widths = [22 if h in TEXT_COLUMNS or h == "交易时间" else 14 for h in headers]
    workbook = excel.new_workbook()
    sheet = excel.add_sheet(workbook, "导入数据", headers, [], widths)
    for index, header in enumerate(headers, start=1):
        if header in TEXT_COLUMNS:
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    notes = [
        f"交易时间写作 {EXAMPLE_TIME}；成交价格以元为单位，至多两位小数",
        "第一行表头请勿修改；可以增加本单位自用的列，导入时不读取",
    ]
    lists = list(offered.values())
    rows = [
        [values[i] if i < len(values) else None for values in lists]
        + [None, notes[i] if i < len(notes) else None]
        for i in range(max([len(v) for v in lists] + [len(notes)]))
    ]
    excel.add_sheet(workbook, OPTIONS_SHEET, [*offered, "", "填写说明"], rows)
    for column, (header, values) in enumerate(offered.items(), start=1):
        letter = get_column_letter(column)
        rule = DataValidation(
            type="list",
            formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"{header}不在本项目范围内",
            error=f"请从下拉列表中选择{programme.name}的{header}",
        )
        target = get_column_letter(headers.index(header) + 1)
        rule.add(f"{target}2:{target}{ROWS + 1}")
        sheet.add_data_validation(rule)
    return excel.to_bytes(workbook)
