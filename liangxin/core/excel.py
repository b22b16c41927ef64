"""The project's one Excel writer and its guarded reader.

Writing: header styling, column widths, print setup (every sheet prints landscape, fitted to the page's
width, its header row repeated on every page), and formula-injection neutralising (a text cell that starts with
= + - @ is prefixed with an apostrophe so a spreadsheet never runs it). Reading: the upload is checked
by content (an xlsx is a zip) and size, then streamed through xlsxguard (entries, unzipped size counted
while unzipping, no DOCTYPE, no cell or row over the limits) before openpyxl parses it, so a zip or XML
bomb or a renamed file gets a clear message instead of eating the server.
"""

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from liangxin.core import xlsxguard
from liangxin.core.errors import Invalid

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetInvalid(Invalid):
    pass


def safe(value):
    """A value as it may go into a cell: numbers stay numbers, risky text is neutralised."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        # control characters that Excel cannot hold (text saved before they were refused) are dropped
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_DANGEROUS):
            return "'" + value
    return value


def print_setup(sheet, header_rows: int = 1) -> None:
    """How a sheet prints: A4 landscape, every column on one page's width (as many pages down as it
    takes), the header rows repeated at the top of every page, centred, with the page number below."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def add_sheet(workbook: Workbook, title: str, headers: list[str], rows, widths: list[int] | None = None):
    """A sheet with a bold header row, set up for printing; in a write-only workbook rows stream
    straight to disk."""
    sheet = workbook.create_sheet(title)
    print_setup(sheet)
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if workbook.write_only:
        header = []
        for text in headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.fill = Font(bold=True), _HEADER_FILL
            header.append(cell)
        sheet.append(header)
    else:
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([safe(v) for v in row])
    return sheet


def new_workbook(write_only: bool = False) -> Workbook:
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# an uploaded workbook (a bank's result file, a department's form): Excel's own cell and column maxima
UPLOAD_LIMITS = xlsxguard.Limits(MAX_UNZIPPED_BYTES, cell_chars=32767, row_cells=16384)
_checked: set[tuple] = set()  # files on disk already checked by this process, by identity and version


def read_workbook_file(path, limits: xlsxguard.Limits):
    """A large workbook on disk (bulk imports), streamed, after xlsxguard.check (once per process for
    the same unchanged file: an import opens it several times)."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, limits)
    if key not in _checked:
        try:
            xlsxguard.check(path, limits)
        except xlsxguard.XlsxRefused as exc:
            raise SpreadsheetInvalid(str(exc)) from exc
        _checked.add(key)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for malformed files
        raise SpreadsheetInvalid(f"无法读取该 Excel 文件（{type(exc).__name__}）") from exc


def read_workbook(data: bytes):
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetInvalid(f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetInvalid("文件不是 Excel（.xlsx）格式")
    try:
        xlsxguard.check(io.BytesIO(data), UPLOAD_LIMITS)
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except xlsxguard.XlsxRefused as exc:
        raise SpreadsheetInvalid(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for malformed files
        raise SpreadsheetInvalid(f"无法读取该 Excel 文件（{type(exc).__name__}）") from exc


def read_sheet(data: bytes, headers: list[str]) -> list[tuple[int, dict]]:
    """The first sheet of an uploaded workbook as (row number, {header: value}) for its non-blank rows;
    the first row must hold every one of `headers`, in any order."""
    workbook = read_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # WPS saves the dimension as A1: read-only openpyxl would read one cell
        rows = sheet.iter_rows(values_only=True)
        found = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        missing = [h for h in headers if h not in found]
        if missing:
            raise SpreadsheetInvalid(f"第 1 行缺少列：{'、'.join(missing)}（应有：{'、'.join(headers)}）")
        out = []
        for number, cells in enumerate(rows, start=2):
            if any(c not in (None, "") for c in cells):
                out.append((number, {h: cells[i] for i, h in enumerate(found) if h and i < len(cells)}))
        return out
    except SpreadsheetInvalid:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for malformed sheets
        raise SpreadsheetInvalid(f"无法读取该 Excel 文件（{type(exc).__name__}）") from exc
    finally:
        workbook.close()
