"""Every sheet the platform writes prints usably: landscape, fitted to the page's width, its header row
repeated on every page (issue 11 D.16: the 调度数据 printed as 20 portrait pages)."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liangxin.core import excel


def assert_prints_well(content: bytes) -> None:
    """Every sheet of the workbook: landscape, one page wide, header row repeated."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        where = f"工作表“{sheet.title}”"
        assert sheet.page_setup.orientation == "landscape", where
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
        assert int(sheet.page_setup.fitToWidth) == 1, where
        assert int(sheet.page_setup.fitToHeight) == 0, where
        assert sheet.print_title_rows == "$1:$1", where


@pytest.mark.parametrize("write_only", [False, True])
def test_add_sheet_sets_up_printing(write_only):
    workbook = excel.new_workbook(write_only=write_only)
    excel.add_sheet(workbook, "一", ["甲", "乙"], [[1, 2]] * 300)
    excel.add_sheet(workbook, "二", ["丙"], [])
    assert_prints_well(excel.to_bytes(workbook))


def test_no_workbook_is_built_outside_the_helpers():
    """Sheets made elsewhere would miss the print setup: only core/excel.py creates sheets."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "excel.py"
        and any(call in path.read_text(encoding="utf-8") for call in ("create_sheet(", "Workbook("))
    ]
    assert offenders == []
