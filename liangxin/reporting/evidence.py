"""Evidence files: checked by content (not by the name the user gave), size-limited, stored under a
random name outside the database, readable only through the submission's scope."""

import hashlib
import io
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from liangxin.audit import chain
from liangxin.core.errors import Invalid
from liangxin.reporting import access
from liangxin.reporting.models import Evidence, Submission
from liangxin.reporting.workflow import keep_version, lock

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
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


class EvidenceRejected(Invalid):
    pass


def refuse_oversized(name: str, size: int) -> None:
    """Checked on the upload's size before its bytes are read, and again on the bytes."""
    if size > MAX_BYTES:
        raise EvidenceRejected(f"文件“{name}”超过 {MAX_BYTES // 1024 // 1024} MB")


def storage_dir() -> Path:
    return Path(settings.EVIDENCE_DIR)


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
                    raise EvidenceRejected("文件解压后过大，拒绝上传")
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


@transaction.atomic
def attach(user, submission: Submission, name: str, data: bytes, task=None) -> Evidence:
    submission = lock(submission)
    access.require_action(user, submission, "add_evidence")
    if not data:
        raise EvidenceRejected(f"文件“{name}”是空的")
    refuse_oversized(name, len(data))
    kind = sniff(data)
    if kind is None:
        raise EvidenceRejected(f"文件“{name}”不是 PDF、图片、Word 或 Excel 文件")
    suffix = Path(name).suffix.lower()
    if suffix not in KINDS[kind][1]:
        raise EvidenceRejected(f"文件“{name}”的扩展名与内容不符（内容是 {KINDS[kind][0]}）")
    stored = secrets.token_hex(16) + suffix
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored
    path.write_bytes(data)
    try:
        evidence = Evidence.objects.create(
            submission=submission,
            task=task,
            original_name=Path(name).name[:200],
            stored_name=stored,
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    keep_version(submission, user, "save")
    chain.record(
        "evidence.upload",
        obj=evidence,
        after={
            "submission": submission.pk,
            "name": evidence.original_name,
            "kind": kind,
            "size": len(data),
            "sha256": evidence.sha256,
        },
    )
    return evidence


@transaction.atomic
def remove(user, evidence: Evidence) -> None:
    submission = lock(evidence.submission)
    access.require_action(user, submission, "remove_evidence")
    chain.record(
        "evidence.delete", obj=evidence, before={"name": evidence.original_name, "sha256": evidence.sha256}
    )
    path = storage_dir() / evidence.stored_name
    evidence.delete()
    keep_version(submission, user, "save")
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def read(evidence: Evidence) -> bytes:
    """The file's bytes; every download is an audit entry."""
    chain.record("evidence.download", obj=evidence, after={"sha256": evidence.sha256})
    return (storage_dir() / evidence.stored_name).read_bytes()
