"""A project's documents: checked by content, stored 0600 under EVIDENCE_DIR/projects, downloaded through the
project's scope, deleted by its department; each step audited; through the page and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.audit.models import AuditEntry
from liangxin.projects.models import ProjectDocument
from liangxin.projects.tests.test_reserve import owner, project  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path
    return tmp_path / "projects"


def test_the_page_uploads_downloads_and_deletes_with_audit(login, project, storage):  # noqa: F811
    client = login("gxj_reporter")
    url = f"/projects/{project.pk}/documents/"
    refused = client.post(url, {"document": SimpleUploadedFile("批复.pdf", b"not a pdf")})
    assert refused.status_code == 422 and ProjectDocument.objects.count() == 0
    assert client.post(url, {"document": SimpleUploadedFile("备案证明.pdf", PDF)}).status_code == 302
    document = ProjectDocument.objects.get()
    stored = storage / document.stored_name
    assert stored.read_bytes() == PDF and stored.stat().st_mode & 0o777 == 0o600
    assert "备案证明.pdf" in client.get(f"/projects/{project.pk}/").content.decode()
    downloaded = login("leader").get(f"{url}{document.pk}/")
    assert downloaded.status_code == 200 and downloaded.content == PDF
    assert login("wjj_reporter").post(f"{url}{document.pk}/delete/").status_code == 403
    assert login("enterprise").get(f"{url}{document.pk}/").status_code == 404
    assert login("gxj_reporter").post(f"{url}{document.pk}/delete/").status_code == 302
    assert not ProjectDocument.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="project.document")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["project.document.upload", "project.document.download", "project.document.delete"]


def test_the_api_lists_uploads_and_deletes(client, api_token, project, storage):  # noqa: F811
    token = api_token("gxj_reporter")
    url = f"/api/v1/projects/{project.pk}/documents"
    made = client.post(url, {"file": SimpleUploadedFile("合同.pdf", PDF)}, **token)
    assert made.status_code == 201 and made.json()["kind"] == "pdf"
    assert client.get(url, **api_token("leader")).json()[0]["name"] == "合同.pdf"
    download = client.get(f"/api/v1/projects/documents/{made.json()['id']}", **api_token("leader"))
    assert download.status_code == 200 and download.content == PDF
    assert (
        client.get(f"/api/v1/projects/documents/{made.json()['id']}", **api_token("enterprise")).status_code
        == 404
    )
    bad = client.post(url, {"file": SimpleUploadedFile("合同.exe", b"MZ....")}, **token)
    assert bad.status_code == 422
    one = f"/api/v1/projects/documents/{made.json()['id']}"
    assert client.delete(one, **api_token("wjj_reporter")).status_code == 403
    assert client.delete(one, **token).status_code == 204
