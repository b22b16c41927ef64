"""Reading an import file (CSV or XLSX) row by row, never whole, within the bounds of a real file."""

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from liangxin.core import excel, xlsxguard
from liangxin.core.errors import Invalid

GB18030_BOM = b"\x84\x31\x95\x33"


class ImportRefused(Invalid):
    """A file that cannot be imported: the API says so as 导入文件有误, pages and the CLI give the reason."""

    def body(self) -> dict:
        return {"detail": f"导入文件有误：{self.message}"}


def rows_of(path: Path) -> Iterator[list]:
    """The file's rows as lists of cells, header first, without loading it whole."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.open("rb")
        head = raw.read(65536)
        # the GB18030 byte order mark is read as a character by the codec (and the header's first name
        # became "\ufeff姓名"): skip it; utf-8-sig skips UTF-8's itself
        raw.seek(len(GB18030_BOM) if head.startswith(GB18030_BOM) else 0)
        encoding = "utf-8-sig"
        try:  # incremental: a character cut at the end of the sample is not an error
            codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            encoding = "gb18030"
        with io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
            try:
                yield from _bounded(csv.reader(_lines(text)))
            except UnicodeDecodeError as exc:
                raise ImportRefused("文件编码无法识别：请保存为 UTF-8 或 GB18030 编码的 CSV") from exc
            except csv.Error as exc:  # a cell over the csv module's limit, or a NUL byte
                raise ImportRefused(f"CSV 文件格式有误（{exc}）") from exc
    elif suffix == ".xlsx":
        workbook = _workbook(path)
        try:
            for cells in workbook.worksheets[0].iter_rows(values_only=True):
                yield ["" if c is None else c for c in cells]
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for malformed sheets
            raise ImportRefused(f"无法读取该 Excel 文件（{type(exc).__name__}）") from exc
        finally:
            workbook.close()
    else:
        raise ImportRefused("只能导入 CSV 或 XLSX 文件")


def _limits():
    from django.conf import settings

    return xlsxguard.Limits(
        settings.IMPORT_MAX_UNZIPPED_BYTES, settings.IMPORT_MAX_CELL_CHARS, settings.IMPORT_MAX_ROW_CELLS
    )


def _lines(text) -> Iterator[str]:
    """The CSV's lines, each read with a bound: a file of one endless line is refused, not loaded."""
    limits = _limits()
    longest = limits.cell_chars * limits.row_cells
    number = 0
    while line := text.readline(longest + 1):
        number += 1
        if len(line) > longest:
            raise ImportRefused(f"第 {number} 行超过 {longest} 个字符，不是可导入的表格")
        yield line


def _bounded(rows) -> Iterator[list]:
    """Each row as read, refused if it has more cells, or a cell more characters, than any file needs."""
    limits = _limits()
    for number, cells in enumerate(rows, start=1):
        if len(cells) > limits.row_cells:
            raise ImportRefused(f"第 {number} 行超过 {limits.row_cells} 列，不是可导入的表格")
        if any(len(cell) > limits.cell_chars for cell in cells):
            raise ImportRefused(f"第 {number} 行有单元格超过 {limits.cell_chars} 个字符")
        yield cells


def _workbook(path: Path):
    try:
        return excel.read_workbook_file(path, _limits())
    except excel.SpreadsheetInvalid as exc:
        raise ImportRefused(str(exc)) from exc


def count_rows(path: Path) -> int | None:
    """Data rows in the file (for the progress bar), without loading it whole."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as handle:
            return max(sum(1 for _ in handle) - 1, 0)
    if path.suffix.lower() == ".xlsx":
        workbook = _workbook(path)
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    return None
