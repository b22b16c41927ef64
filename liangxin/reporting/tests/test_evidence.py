"""Evidence files: checked by content, size-limited, stored outside the database, read within scope."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from liangxin.accounts.models import Department, User
from liangxin.audit.models import AuditEntry
from liangxin.core import excel
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, evidence, workflow

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = "/plans/taishan-2024/periods/2026-11/submissions/wjj/"
API = "/api/v1/plans/taishan-2024/periods/2026-11/submissions/wjj/evidence"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    # the on-commit callbacks run here also move the audit anchor: keep it from the session's
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    return settings.EVIDENCE_DIR


@pytest.fixture
def submission():
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    return assignments.submission_for(period, Department.objects.get(code="wjj"))


def reporter():
    return User.objects.get(username="wjj_reporter")


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "台账"
    return excel.to_bytes(book)


def test_accepted_kinds_are_stored_under_random_names(submission, storage):
    item = evidence.attach(reporter(), submission, "CT验收单.pdf", PDF)
    assert item.kind == "pdf" and item.size == len(PDF)
    stored = storage / item.stored_name
    assert stored.read_bytes() == PDF and "CT" not in item.stored_name
    assert evidence.attach(reporter(), submission, "台账.xlsx", xlsx_bytes()).kind == "xlsx"
    assert evidence.attach(reporter(), submission, "现场.PNG", PNG).kind == "png"
    assert AuditEntry.objects.filter(action="evidence.upload").count() == 3
    assert "CT验收单.pdf" in workflow.content(submission)["evidence"][0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.pdf", PNG, "扩展名与内容不符"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "不是 PDF、图片、Word 或 Excel"),
        ("空.pdf", b"", "是空的"),
        ("假的.docx", b"PK\x03\x04garbage", "不是 PDF、图片、Word 或 Excel"),
        ("大.pdf", b"%PDF-" + b"0" * evidence.MAX_BYTES, "超过 20 MB"),
    ],
)
def test_bad_files_are_refused_with_a_reason(submission, storage, name, data, message):
    with pytest.raises(evidence.EvidenceRejected, match=message):
        evidence.attach(reporter(), submission, name, data)
    assert not submission.evidence.exists()
    assert not storage.exists() or not any(storage.iterdir())


def test_only_while_editable_and_only_by_the_department(submission):
    with pytest.raises(PermissionDenied, match="只能处理本部门的填报"):
        evidence.attach(User.objects.get(username="gxj_reporter"), submission, "a.pdf", PDF)
    workflow.submit(reporter(), submission)
    with pytest.raises(workflow.WorkflowError, match="不能再添加附件"):
        evidence.attach(reporter(), submission, "a.pdf", PDF)


def test_delete_removes_the_row_and_after_commit_the_file(
    submission, storage, django_capture_on_commit_callbacks
):
    item = evidence.attach(reporter(), submission, "a.pdf", PDF)
    path = storage / item.stored_name
    with django_capture_on_commit_callbacks(execute=True):
        evidence.remove(reporter(), item)
    assert not submission.evidence.exists()
    assert AuditEntry.objects.filter(action="evidence.delete").exists()
    assert not path.exists()


def test_pages_upload_download_and_scope(login, submission):
    client = login("wjj_reporter")
    upload = io.BytesIO(PDF)
    upload.name = "验收单.pdf"
    page = client.post(f"{FORM}evidence/", {"evidence": upload, "task": "8"}, follow=True).content.decode()
    assert "已上传附件“验收单.pdf”" in page
    item = submission.evidence.get()
    assert item.task.number == 8
    download = client.get(f"{FORM}evidence/{item.pk}/")
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert login("leader").get(f"{FORM}evidence/{item.pk}/").status_code == 200
    assert login("gxj_reporter").get(f"{FORM}evidence/{item.pk}/").status_code == 404


def test_api_upload_list_download(client, api_token, submission):
    headers = api_token("wjj_reporter")
    client.logout()
    upload = io.BytesIO(PDF)
    upload.name = "验收单.pdf"
    created = client.post(API, {"file": upload}, **headers)
    assert created.status_code == 201, created.content
    listing = client.get(API, **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["name"] == "验收单.pdf"
    assert client.get(f"{API}/{created.json()['id']}", **headers).content == PDF
    bad = io.BytesIO(PNG)
    bad.name = "x.pdf"
    refused = client.post(API, {"file": bad}, **headers)
    assert refused.status_code == 422 and "扩展名与内容不符" in refused.json()["detail"]
