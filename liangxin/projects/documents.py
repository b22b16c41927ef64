"""A project's documents (批复, 合同, 照片 …): checked by content, size-limited, stored 0600 under a random
name in EVIDENCE_DIR/projects, listed on the project page, downloaded through the project's scope and
deleted by its responsible department, each step audited."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import uploads
from liangxin.projects import access
from liangxin.projects.models import Project, ProjectDocument

CONTENT_TYPES, MAX_BYTES = uploads.CONTENT_TYPES, uploads.MAX_BYTES
DocumentRejected = uploads.FileRejected


def storage_dir() -> Path:
    return Path(settings.EVIDENCE_DIR) / "projects"


@transaction.atomic
def attach(user: User, project: Project, name: str, data: bytes) -> ProjectDocument:
    access.require_edit(user, project)
    uploads.refuse_oversized(name, len(data))
    kind = uploads.check(name, data)
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16) + Path(name).suffix.lower()[:10]
    path = folder / stored
    path.write_bytes(data)
    path.chmod(0o600)
    try:
        document = ProjectDocument.objects.create(
            project=project,
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
    chain.record(
        "project.document.upload",
        obj=document,
        after={
            "project": project.pk,
            "name": document.original_name,
            "size": len(data),
            "sha256": document.sha256,
        },
    )
    return document


@transaction.atomic
def remove(user: User, document: ProjectDocument) -> None:
    access.require_edit(user, document.project)
    chain.record(
        "project.document.delete",
        obj=document,
        before={"project": document.project_id, "name": document.original_name, "sha256": document.sha256},
    )
    path = storage_dir() / document.stored_name
    document.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def read(document: ProjectDocument) -> bytes:
    """The file's bytes; every download is an audit entry."""
    chain.record("project.document.download", obj=document, after={"sha256": document.sha256})
    return (storage_dir() / document.stored_name).read_bytes()
