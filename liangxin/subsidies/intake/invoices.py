"""Invoice scans attached to an application on the web form: checked by content with the same checker as
evidence files (core.uploads; PDF or image only), taken in with the application in one transaction, so a
refused form keeps nothing and a refused file refuses the form, named beside the field."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from liangxin.audit import chain
from liangxin.core import uploads
from liangxin.subsidies.intake import applications
from liangxin.subsidies.intake.fields import ApplicationInvalid, FieldProblem
from liangxin.subsidies.models import Application, Invoice, Programme

MAX_FILES = 20
KINDS = {"pdf", "png", "jpeg"}


@dataclass(frozen=True)
class Scan:
    name: str
    data: bytes
    kind: str


def storage_dir() -> Path:
    return Path(settings.EVIDENCE_DIR) / "invoices"


def checked(files: list[tuple[str, bytes]]) -> tuple[list[Scan], list[FieldProblem]]:
    """Every file checked; a problem per refused file, named by its file name."""
    if len(files) > MAX_FILES:
        return [], [FieldProblem("invoices", f"一份申请最多附 {MAX_FILES} 个发票文件")]
    scans, problems = [], []
    for name, data in files:
        try:
            scans.append(Scan(Path(name).name[:200], data, uploads.check(name, data, KINDS)))
        except uploads.FileRejected as exc:
            problems.append(FieldProblem("invoices", exc.message))
    return scans, problems


def store(user, app: Application, scans: list[Scan]) -> list[Invoice]:
    """Checked scans written under random names and recorded on the application, each audited."""
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for scan in scans:
        name = secrets.token_hex(16) + Path(scan.name).suffix.lower()
        path = folder / name
        path.write_bytes(scan.data)
        path.chmod(0o600)
        try:
            invoice = Invoice.objects.create(
                application=app,
                original_name=scan.name,
                stored_name=name,
                kind=scan.kind,
                size=len(scan.data),
                sha256=hashlib.sha256(scan.data).hexdigest(),
                uploaded_by=user,
            )
        except Exception:
            path.unlink(missing_ok=True)
            raise
        chain.record(
            "application.invoice",
            obj=app,
            after={
                "name": invoice.original_name,
                "kind": scan.kind,
                "size": invoice.size,
                "sha256": invoice.sha256,
            },
        )
        stored.append(invoice)
    return stored


def read(invoice: Invoice) -> bytes:
    """The scan's bytes; every download is an audit entry, like an evidence file's."""
    chain.record(
        "application.invoice.download",
        obj=invoice.application,
        after={"name": invoice.original_name, "sha256": invoice.sha256},
    )
    return (storage_dir() / invoice.stored_name).read_bytes()


def content_type(invoice: Invoice) -> str:
    return uploads.CONTENT_TYPES[invoice.kind]


@transaction.atomic
def submit_with_invoices(
    user, programme: Programme, raw: dict, files: list[tuple[str, bytes]], source: str = "form"
) -> tuple[Application, bool]:
    """applications.submit, with the invoice scans: the application's problems and the files' are told
    together, and nothing is kept unless both are right."""
    scans, problems = checked(files)
    try:
        app, created = applications.submit(user, programme, raw, source=source)
    except ApplicationInvalid as exc:
        raise ApplicationInvalid(exc.problems + problems) from None
    if problems:
        raise ApplicationInvalid(problems)  # rolls the application back
    if created:
        store(user, app, scans)
    return app, created
