"""The check an .xlsx passes before openpyxl reads it: no zip bomb, no XML bomb, no giant cell.

An .xlsx is a zip of XML files. openpyxl, even in read-only mode, keeps the whole shared-string table in
memory and builds each cell's text whole, so one shared string or inline cell of a gigabyte (a 1 MB file
can hold one) takes a gigabyte or more. This module reads every XML member once, as a stream, before
that, and refuses the file as soon as:

- the central directory declares more members or more unzipped bytes than allowed (cheap, before any
  member is read);
- the bytes actually unzipped pass the limit (sizes in the directory can lie; zipfile also stops at the
  declared size and fails the CRC);
- a member other than a sheet or the shared strings (workbook, styles, theme: small in any real file)
  passes `MEMBER_BYTES`;
- any member declares a DOCTYPE (an .xlsx never has one; entity expansion, "billion laughs", needs one);
- the text of one cell (a shared string, an inline string, a value or a formula) passes `cell_chars`
  characters, or a row holds more than `row_cells` cells with a value.

The text is counted, never kept, so the check's own memory is a few chunks whatever the file holds.
"""

import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

CHUNK = 1 << 16
MEMBER_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 500


class XlsxRefused(ValueError):
    """The reason, in Chinese, for the user."""


@dataclass(frozen=True)
class Limits:
    unzipped: int
    cell_chars: int
    row_cells: int


class _Scan:
    """Counts, for one XML member, each cell's characters and each row's cells. Only element starts and
    text reach Python (text coalesced per node): a cell's text is what comes between its start and the
    next cell's, row's or shared string's start, the whitespace between cells being counted with it."""

    def __init__(self, limits: Limits, data: bool):
        self.limits = limits
        self.chars = 0
        self.cells = 0
        self.rows = 0
        self.in_cell = False
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = CHUNK
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        if data:
            parser.StartElementHandler = self._start
            parser.CharacterDataHandler = self._text
        self.parser = parser

    def _doctype(self, *args):
        raise XlsxRefused("文件含有 XML 文档类型声明（可用于实体扩展攻击），拒绝处理")

    def _start(self, tag, attributes):
        if tag == "c" or tag.endswith(":c"):
            self.in_cell, self.chars = True, 0
        elif tag in ("v", "is") or tag.endswith((":v", ":is")):
            self.cells += 1  # a cell with a value: styled empty cells, however many, are not counted
            if self.cells > self.limits.row_cells:
                raise XlsxRefused(
                    f"第 {self.rows} 行超过 {self.limits.row_cells} 列，不是可导入的表格，拒绝处理"
                )
        elif tag == "si" or tag.endswith(":si"):
            self.in_cell, self.chars = True, 0
        elif tag == "row" or tag.endswith(":row"):
            self.in_cell, self.cells = False, 0
            number = attributes.get("r", "")
            self.rows = int(number) if number.isdigit() else self.rows + 1

    def _text(self, text):
        if self.in_cell:
            self.chars += len(text)
            if self.chars > self.limits.cell_chars:
                where = f"第 {self.rows} 行" if self.rows else "共享字符串中"
                raise XlsxRefused(f"{where}有单元格超过 {self.limits.cell_chars} 个字符，拒绝处理")


def _is_data(name: str) -> bool:
    return name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"


def check(source, limits: Limits) -> None:
    """Raise XlsxRefused unless `source` (a path or a binary file) is an .xlsx within `limits`."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise XlsxRefused("文件内部条目过多，拒绝处理")
            declared = sum(e.file_size for e in entries)
            if declared > limits.unzipped:
                raise XlsxRefused(_too_big(limits))
            if "xl/workbook.xml" not in archive.namelist():
                raise XlsxRefused("文件不是 Excel（.xlsx）格式")
            unzipped = 0
            for entry in entries:
                data = _is_data(entry.filename)
                if not data and entry.file_size > MEMBER_BYTES:
                    raise XlsxRefused(f"文件内部的 {entry.filename} 过大，拒绝处理")
                if not entry.filename.endswith((".xml", ".rels")):
                    continue
                scan = _Scan(limits, data)
                member = 0
                with archive.open(entry) as stream:
                    while chunk := stream.read(CHUNK):
                        member += len(chunk)
                        unzipped += len(chunk)
                        if unzipped > limits.unzipped:
                            raise XlsxRefused(_too_big(limits))
                        if not data and member > MEMBER_BYTES:
                            raise XlsxRefused(f"文件内部的 {entry.filename} 过大，拒绝处理")
                        scan.parser.Parse(chunk, False)
                scan.parser.Parse(b"", True)
    except zipfile.BadZipFile as exc:  # also a member whose bytes do not match its CRC or declared size
        raise XlsxRefused("文件不是 Excel（.xlsx）格式或已损坏") from exc
    except expat.ExpatError as exc:
        raise XlsxRefused("文件内部的 XML 有误，无法读取") from exc
    except (NotImplementedError, RuntimeError, EOFError, OSError, zlib.error) as exc:
        # an unsupported compression, an encrypted member, a truncated stream
        raise XlsxRefused("文件已损坏或加密，无法读取") from exc


def _too_big(limits: Limits) -> str:
    return f"文件解压后过大（超过 {limits.unzipped // 1024 // 1024} MB），拒绝处理"
