"""Uploaded files checked by their content, not by the name the user gave: the one checker for evidence
files and invoice scans. A file is refused when empty, over MAX_BYTES, not a PDF, image, Word or Excel
file by its first bytes, an Office file that unzips too large, or named with another kind's extension."""

import io
import zipfile
from pathlib import Path

from liangxin.core.errors import Invalid

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
KINDS = {  # kind → (label, extensions)
    "pdf": ("PDF", {".pdf"}),
    "png": ("图片", {".png"}),
    "jpeg": ("图片", {".jpg", ".jpeg"}),
    "docx": ("Word", {".docx"}),
    "xlsx": ("Excel", {".xlsx"}),
    "ole": ("Word/Excel（旧版）", {".doc", ".xls"}),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ole": "application/octet-stream",
}


class FileRejected(Invalid):
    pass


def refuse_oversized(name: str, size: int) -> None:
    """Checked on the upload's size before its bytes are read, and again on the bytes."""
    if size > MAX_BYTES:
        raise FileRejected(f"文件“{name}”超过 {MAX_BYTES // 1024 // 1024} MB")


def sniff(data: bytes) -> str | None:
    """The file's real kind from its first bytes (and, for Office files, its zip directory)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = archive.infolist()
                if len(entries) > 2000 or sum(e.file_size for e in entries) > MAX_UNZIPPED:
                    raise FileRejected("文件解压后过大，拒绝上传")
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(name: str, data: bytes, kinds: set[str] | None = None) -> str:
    """The file's kind, or FileRejected with the reason in Chinese. `kinds` narrows what is taken."""
    if not data:
        raise FileRejected(f"文件“{name}”是空的")
    refuse_oversized(name, len(data))
    kind = sniff(data)
    if kind is None or (kinds is not None and kind not in kinds):
        labels = list(dict.fromkeys(label for k, (label, _) in KINDS.items() if kinds is None or k in kinds))
        if kinds is None:
            labels = labels[:-1]  # the old Word/Excel files go without saying
        last = labels[-1]
        what = (
            "、".join(labels[:-1]) + (" 或 " if last.isascii() else " 或") + last if len(labels) > 1 else last
        )
        raise FileRejected(f"文件“{name}”不是 {what}{' ' if what[-1].isascii() else ''}文件")
    suffix = Path(name).suffix.lower()
    if suffix not in KINDS[kind][1]:
        raise FileRejected(f"文件“{name}”的扩展名与内容不符（内容是 {KINDS[kind][0]}）")
    return kind
