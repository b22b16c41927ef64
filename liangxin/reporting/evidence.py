"""Evidence files: checked by content (not by the name the user gave), size-limited, stored under a
random name outside the database, readable only through the submission's scope."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from liangxin.audit import chain
from liangxin.core import uploads
from liangxin.reporting import access
from liangxin.reporting.models import Evidence, Submission
from liangxin.reporting.workflow import keep_version, lock

MAX_FILES = 10
# the content checks are core's, shared with the invoice scans of subsidy applications
MAX_BYTES, MAX_UNZIPPED, KINDS, CONTENT_TYPES = (
    uploads.MAX_BYTES,
    uploads.MAX_UNZIPPED,
    uploads.KINDS,
    uploads.CONTENT_TYPES,
)
EvidenceRejected = uploads.FileRejected
refuse_oversized, sniff = uploads.refuse_oversized, uploads.sniff


def storage_dir() -> Path:
    return Path(settings.EVIDENCE_DIR)


@transaction.atomic
def attach(user, submission: Submission, name: str, data: bytes, task=None) -> Evidence:
    submission = lock(submission)
    access.require_action(user, submission, "add_evidence")
    kind = uploads.check(name, data)
    suffix = Path(name).suffix.lower()
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
