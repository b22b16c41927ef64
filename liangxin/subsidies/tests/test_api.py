"""The subsidy API: scope, masks, idempotent create, review decisions, payouts and bulk imports."""

import csv
import io
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_imports import HEADER, rows, write_csv
from liangxin.subsidies.tests.test_review import load, numbered

pytestmark = pytest.mark.django_db
APPS = "/api/v1/subsidy/applications"


def post(client, url, headers, body):
    return client.post(
        url, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **headers
    )


@pytest.fixture
def tokens(api_token, client):
    load()
    names = [
        "swj_caseworker",
        "swj_clerk",
        "swj_approver",
        "czj_finance",
        "czj_checker",
        "gxj_reporter",
        "enterprise",
        "leader",
    ]
    found = {n: api_token(n) for n in names}
    client.logout()
    return found


def test_create_is_masked_idempotent_and_validated(client, tokens):
    body = row() | {"programme": "appliance-2025"}
    created = post(client, APPS, tokens["swj_caseworker"], body)
    assert created.status_code == 201
    data = created.json()
    assert (
        data["id_number"] == "3709**********1235" and data["phone"] == "138****8000" and data["name"] == "张*"
    )
    assert data["amount"] == 999.8
    again = post(client, APPS, tokens["swj_caseworker"], body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    bad = post(
        client,
        APPS,
        tokens["swj_caseworker"],
        body | {"id_number": "370902199001011234", "serial_number": ""},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"id_number", "serial_number"}


def test_lists_filter_and_scope(client, tokens):
    post(client, APPS, tokens["swj_caseworker"], row() | {"programme": "appliance-2025"})
    post(
        client,
        APPS,
        tokens["swj_caseworker"],
        row(serial_number="X2", voucher_number="V2")
        | {"programme": "appliance-2025", "invoice_number": "24372000000000000001"},
    )
    listing = client.get(f"{APPS}?programme=appliance-2025", **tokens["leader"]).json()
    assert listing["count"] == 2
    flagged = client.get(f"{APPS}?flag=DUP_INVOICE", **tokens["swj_caseworker"]).json()
    assert flagged["count"] == 1 and flagged["items"][0]["status"] == "flagged"
    assert client.get(APPS, **tokens["gxj_reporter"]).status_code == 403
    assert client.get(APPS, **tokens["enterprise"]).json()["count"] == 0
    one = listing["items"][0]["id"]
    assert client.get(f"{APPS}/{one}", **tokens["enterprise"]).status_code == 404
    programmes = client.get("/api/v1/subsidy/programmes", **tokens["swj_caseworker"]).json()
    assert {p["code"] for p in programmes["items"]} == {
        "appliance-2025",
        "car-scrap-2025",
        "car-replace-2025",
    }


def test_review_and_payout_through_the_api(client, tokens):
    app = post(client, APPS, tokens["swj_clerk"], row() | {"programme": "appliance-2025"}).json()
    first = post(
        client,
        f"{APPS}/{app['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "材料齐全"},
    )
    assert first.json()["status"] == "first_approved"
    same_person = post(
        client,
        f"{APPS}/{app['id']}/second-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "同意"},
    )
    assert same_person.status_code == 403
    second = post(
        client,
        f"{APPS}/{app['id']}/second-decision",
        tokens["swj_approver"],
        {"outcome": "approve", "reason": "同意"},
    )
    assert second.json()["status"] == "approved"
    batch = post(
        client,
        "/api/v1/subsidy/payout-batches",
        tokens["czj_finance"],
        {"programme": "appliance-2025", "idempotency_key": "bank-2025-12-01"},
    )
    assert batch.status_code == 201 and len(batch.json()["items"]) == 1
    repeat = post(
        client,
        "/api/v1/subsidy/payout-batches",
        tokens["czj_finance"],
        {"programme": "appliance-2025", "idempotency_key": "bank-2025-12-01"},
    )
    assert repeat.status_code == 200 and repeat.json()["id"] == batch.json()["id"]
    assert batch.json()["review"] == "waiting"
    url = f"/api/v1/subsidy/payout-batches/{batch.json()['id']}/results"
    early = post(client, url, tokens["czj_finance"], {"application": app["id"], "paid": True})
    assert early.status_code == 409 and "复核通过后才能登记银行结果" in early.json()["detail"]
    review = f"/api/v1/subsidy/payout-batches/{batch.json()['id']}/review"
    own = post(client, review, tokens["czj_finance"], {"approve": True})
    assert own.status_code == 409 and "制单与复核须由两人分别完成" in own.json()["detail"]
    no_reason = post(client, review, tokens["czj_checker"], {"approve": False})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    approved = post(client, review, tokens["czj_checker"], {"approve": True, "reason": "核对无误"})
    assert approved.status_code == 200
    assert (approved.json()["review_label"], approved.json()["reviewed_by"]) == ("复核通过", "czj_checker")
    assert post(client, review, tokens["czj_checker"], {"approve": True}).status_code == 409
    paid = post(client, url, tokens["czj_finance"], {"application": app["id"], "paid": True})
    paid_again = post(client, url, tokens["czj_finance"], {"application": app["id"], "paid": True})
    assert paid.json()["ledger"] == paid_again.json()["ledger"]
    assert paid_again.json()["ledger"]["paid"] == 999.8 and paid_again.json()["ledger"]["reconciled"] is True


def test_returned_application_is_corrected_through_the_api(client, tokens):
    app = post(client, APPS, tokens["swj_clerk"], row() | {"programme": "appliance-2025"}).json()
    post(
        client,
        f"{APPS}/{app['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "return", "reason": "价格需核实"},
    )
    fixed = post(client, f"{APPS}/{app['id']}/resubmit", tokens["swj_clerk"], row(price="3999.00"))
    assert (
        fixed.status_code == 200 and fixed.json()["status"] == "pending" and fixed.json()["amount"] == 799.8
    )
    again = post(client, f"{APPS}/{app['id']}/resubmit", tokens["swj_clerk"], row(price="3999.00"))
    assert again.status_code == 422 and "只有退回的申请可以补正" in again.json()["errors"][0]["message"]


IMPORTS = "/api/v1/subsidy/imports"
FULL_ID = "370902199001011235"  # the first applicant of test_imports.rows()


def upload(client, headers, path, programme="appliance-2025"):
    with path.open("rb") as handle:
        return client.post(IMPORTS, {"programme": programme, "file": handle}, **headers)


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    return settings.IMPORT_DIR


@pytest.fixture
def other_caseworker():
    """A caseworker of another department (工信局): none of the appliance programme is in their scope."""
    from liangxin.accounts.actions import issue_token
    from liangxin.accounts.models import User

    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(User.objects.get(username='gxj_caseworker'))}"}


def running_job(**fields):
    from liangxin.subsidies.models import ImportJob, Programme

    defaults = {"file_name": "半途.csv", "sha256": "a" * 64, "heartbeat_at": timezone.now()}
    return ImportJob.objects.create(
        programme=Programme.objects.get(code="appliance-2025"), **(defaults | fields)
    )


def test_import_upload_runs_the_file_and_the_same_file_again_creates_nothing(
    client, tokens, import_dir, tmp_path
):
    from liangxin.subsidies.models import Application, ImportJob

    path = write_csv(tmp_path / "retailer.csv", rows(3, bad={1}))
    created = upload(client, tokens["swj_caseworker"], path)
    assert created.status_code == 202, created.content
    job = created.json()
    assert (job["status"], job["status_label"], job["programme"], job["file_name"]) == (
        "done",
        "已完成",
        "appliance-2025",
        "retailer.csv",
    )
    assert (job["rows_done"], job["total_rows"], job["percent"]) == (3, 3, 100)
    assert (job["accepted"], job["flagged"], job["refused"]) == (2, 0, 1)
    assert job["stalled"] is False and job["error"] == "" and job["finished_at"]
    stored = ImportJob.objects.get()
    assert stored.pk == job["id"] and stored.created_by.username == "swj_caseworker"
    assert Application.objects.filter(programme__code="appliance-2025").count() == 2

    again = upload(client, tokens["swj_caseworker"], path)
    assert again.status_code == 200 and again.json()["id"] == job["id"]
    assert again.json()["accepted"] == 2
    assert ImportJob.objects.count() == 1 and Application.objects.count() == 2


def test_import_progress_list_and_scope(client, tokens, import_dir, other_caseworker):
    half = running_job(rows_done=250, total_rows=1000)
    progress = client.get(f"{IMPORTS}/{half.pk}", **tokens["swj_caseworker"])
    assert progress.status_code == 200
    body = progress.json()
    assert (body["status"], body["status_label"], body["percent"], body["stalled"]) == (
        "running",
        "导入中",
        25,
        False,
    )
    assert body["rows_done"] == 250 and body["total_rows"] == 1000 and body["finished_at"] is None
    assert body["created_at"].startswith(str(half.created_at.year))

    unknown = running_job(
        sha256="b" * 64, total_rows=None, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    body = client.get(f"{IMPORTS}/{unknown.pk}", **tokens["swj_caseworker"]).json()
    assert body["percent"] is None and body["stalled"] is True

    listing = client.get(f"{IMPORTS}?limit=1", **tokens["swj_caseworker"]).json()
    assert listing["count"] == 2 and len(listing["items"]) == 1
    assert listing["items"][0]["id"] == unknown.pk  # newest first
    assert client.get(IMPORTS, **tokens["leader"]).json()["count"] == 2
    assert client.get(IMPORTS, **tokens["swj_approver"]).json()["count"] == 2

    assert client.get(IMPORTS, **other_caseworker).json() == {"items": [], "count": 0}
    hidden = client.get(f"{IMPORTS}/{half.pk}", **other_caseworker)
    assert hidden.status_code == 404 and hidden.json()["detail"] == "不存在或不在您的数据范围内"
    assert client.get(f"{IMPORTS}/{half.pk}/result", **other_caseworker).status_code == 404
    assert client.post(f"{IMPORTS}/{unknown.pk}/resume", **other_caseworker).status_code == 404
    denied = client.get(IMPORTS, **tokens["gxj_reporter"])
    assert denied.status_code == 403 and denied.json()["detail"] == "您的角色不能查看补贴申请"


def test_only_caseworkers_of_the_programme_may_upload_or_resume(
    client, tokens, import_dir, tmp_path, other_caseworker
):
    from liangxin.subsidies.models import ImportJob

    path = write_csv(tmp_path / "f.csv", rows(1))
    approver = upload(client, tokens["swj_approver"], path)
    assert approver.status_code == 403 and approver.json()["detail"] == "只有经办人员可以批量导入"
    stalled = running_job(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert client.post(f"{IMPORTS}/{stalled.pk}/resume", **tokens["swj_approver"]).status_code == 403
    outside = upload(client, other_caseworker, path)
    assert outside.status_code == 422
    assert outside.json()["detail"] == "补贴项目 appliance-2025 不存在或不在您的数据范围内"
    assert ImportJob.objects.count() == 1


def test_import_result_downloads_as_xlsx_and_csv_masked_and_audited(client, tokens, import_dir, tmp_path):
    from liangxin.audit.models import AuditEntry

    path = write_csv(tmp_path / "retailer.csv", rows(3, bad={1}))
    job = upload(client, tokens["swj_caseworker"], path).json()
    url = f"{IMPORTS}/{job['id']}/result"

    xlsx = client.get(url, **tokens["swj_caseworker"])
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"filename*=UTF-8''{quote('retailer-导入结果.xlsx')}" in xlsx["Content-Disposition"]
    assert f'filename="import-{job["id"]}-result.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))["导入结果"]
    table = [[c.value for c in r] for r in sheet.iter_rows()]
    assert table[0] == ["行号", "结果", "原因", "补贴金额", "申请编号", *HEADER]
    assert [r[1] for r in table[1:]] == ["通过", "拒绝", "通过"]
    id_column = 5 + HEADER.index("身份证号")
    assert table[1][id_column].startswith("3709**") and table[1][5] == "张*"
    assert table[1][4].startswith("SQ-") and table[2][4] in ("", None)
    assert "身份证号校验位不正确" in table[2][2]
    assert not any(FULL_ID in str(cell) for r in table for cell in r)

    as_csv = client.get(f"{url}?format=csv", **tokens["swj_caseworker"])
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert quote("retailer-导入结果.csv") in as_csv["Content-Disposition"]
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    found = list(csv.reader(io.StringIO(text)))
    assert found[0][:4] == ["行号", "结果", "原因", "补贴金额"] and len(found) == 4
    assert found[1][id_column].startswith("3709**") and FULL_ID not in text

    exports = AuditEntry.objects.filter(action="export", object_id=str(job["id"])).order_by("seq")
    assert [(e.via, e.after["what"], e.after["format"]) for e in exports] == [
        ("api", "import result", "xlsx"),
        ("api", "import result", "csv"),
    ]
    wrong = client.get(f"{url}?format=pdf", **tokens["swj_caseworker"])
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "format"


def test_a_whole_import_result_needs_a_reason_and_the_permission_and_keeps_refused_rows_masked(
    client, tokens, import_dir, tmp_path
):
    from liangxin.audit.models import AuditEntry

    path = write_csv(tmp_path / "retailer.csv", rows(3, bad={1}))
    job = upload(client, tokens["swj_caseworker"], path).json()
    url = f"{IMPORTS}/{job['id']}/result"
    assert client.get(url, **tokens["leader"]).status_code == 200  # the leader sees the masked result
    assert post(client, url, tokens["leader"], {"reason": "想看"}).status_code == 403
    assert post(client, url, tokens["swj_caseworker"], {"reason": " "}).status_code == 422
    assert not AuditEntry.objects.filter(action="export", after__unmasked=True).exists()

    whole = post(client, url, tokens["swj_caseworker"], {"reason": "核对零售商报送名单", "format": "csv"})
    assert whole.status_code == 200 and "no-store" in whole["Cache-Control"]
    found = list(csv.reader(io.StringIO(b"".join(whole.streaming_content).decode("utf-8-sig"))))
    id_column, phone_column = (5 + HEADER.index(h) for h in ("身份证号", "手机号"))
    assert [r[1] for r in found[1:]] == ["通过", "拒绝", "通过"]
    first = numbered(0)
    assert (found[1][5], found[1][id_column], found[1][phone_column]) == (
        first["name"],
        FULL_ID,
        first["phone"],
    )
    # a refused row was never kept, so what it gave stays masked
    assert found[2][id_column] == "3709**********1234" and found[2][5] == "张*"
    entry = AuditEntry.objects.filter(action="export", object_id=str(job["id"])).latest("seq")
    assert (entry.after["unmasked"], entry.after["reason"], entry.after["format"]) == (
        True,
        "核对零售商报送名单",
        "csv",
    )


def test_result_of_an_unfinished_or_failed_import_is_409(client, tokens, import_dir):
    from liangxin.audit.models import AuditEntry

    running = running_job(rows_done=2000)
    response = client.get(f"{IMPORTS}/{running.pk}/result", **tokens["swj_caseworker"])
    assert response.status_code == 409 and response.json()["detail"].startswith(
        "导入尚未完成（已处理 2000 行）"
    )
    failed = running_job(sha256="c" * 64, status="failed", error="缺少列：手机号")
    response = client.get(f"{IMPORTS}/{failed.pk}/result", **tokens["swj_caseworker"])
    assert response.status_code == 409 and "缺少列：手机号" in response.json()["detail"]
    assert not AuditEntry.objects.filter(action="export").exists()


def test_bad_files_are_refused_in_chinese_naming_the_problem(
    client, tokens, import_dir, tmp_path, monkeypatch
):
    from liangxin.subsidies.imports import pipeline
    from liangxin.subsidies.models import ImportJob

    # As in production, the import runs in the background: what is wrong must still be said in the reply.
    launched = []
    monkeypatch.setattr(pipeline, "launch", launched.append)
    caseworker = tokens["swj_caseworker"]

    text = tmp_path / "retailer.txt"
    text.write_text("姓名,身份证号\n", encoding="utf-8")
    wrong_type = upload(client, caseworker, text)
    assert wrong_type.status_code == 422 and "只能导入 CSV 或 XLSX 文件" in wrong_type.json()["detail"]
    assert not ImportJob.objects.exists()

    columns = tmp_path / "columns.csv"
    columns.write_text("姓名,身份证号\n张三,370902199001011235\n", encoding="utf-8")
    missing = upload(client, caseworker, columns)
    assert missing.status_code == 422
    assert missing.json()["detail"].startswith("导入文件有误：缺少列：手机号、品类")
    assert not ImportJob.objects.exists() and launched == []
    again = upload(client, caseworker, columns)
    assert again.status_code == 422 and "缺少列：手机号" in again.json()["detail"]
    assert not ImportJob.objects.exists()

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "文件是空的" in upload(client, caseworker, empty).json()["detail"]

    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    not_excel = upload(client, caseworker, fake)
    assert not_excel.status_code == 422 and "文件不是 Excel（.xlsx）格式" in not_excel.json()["detail"]

    good = write_csv(tmp_path / "good.csv", rows(1))
    nope = upload(client, caseworker, good, programme="nope")
    assert nope.status_code == 422 and nope.json()["detail"] == "补贴项目 nope 不存在或不在您的数据范围内"
    no_file = client.post(IMPORTS, {"programme": "appliance-2025"}, **caseworker)
    assert no_file.status_code == 422 and no_file.json()["errors"][0]["message"] == "缺少必填项"
    assert launched == []
    accepted = upload(client, caseworker, good)
    assert accepted.status_code == 202 and accepted.json()["status"] == "running"
    assert launched == [ImportJob.objects.get(pk=accepted.json()["id"])]


def test_a_job_that_stopped_midway_is_resumed_and_others_are_409(
    client, tokens, import_dir, tmp_path, monkeypatch, settings
):
    from liangxin.subsidies.imports import pipeline
    from liangxin.subsidies.models import Application, ImportJob, ImportRow

    really_launch = pipeline.launch
    monkeypatch.setattr(pipeline, "launch", lambda job: None)
    settings.IMPORT_BATCH = 1
    caseworker = tokens["swj_caseworker"]
    started = upload(client, caseworker, write_csv(tmp_path / "f.csv", rows(3)))
    assert started.status_code == 202 and started.json()["percent"] == 0
    job = ImportJob.objects.get(pk=started.json()["id"])

    def killed(current):
        raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        pipeline.run(job.created_by, job, pipeline.stored_path(job), progress=killed)
    busy = client.post(f"{IMPORTS}/{job.pk}/resume", **caseworker)
    assert busy.status_code == 409 and busy.json()["detail"] == "导入正在进行（已处理 1 行），无需继续"

    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    progress = client.get(f"{IMPORTS}/{job.pk}", **caseworker).json()
    assert progress["stalled"] is True and progress["rows_done"] == 1 and progress["percent"] == 33
    monkeypatch.setattr(pipeline, "launch", really_launch)
    resumed = client.post(f"{IMPORTS}/{job.pk}/resume", **caseworker)
    assert resumed.status_code == 202
    assert (resumed.json()["status"], resumed.json()["rows_done"], resumed.json()["accepted"]) == (
        "done",
        3,
        3,
    )
    assert Application.objects.count() == 3 and ImportRow.objects.filter(job=job).count() == 3

    done = client.post(f"{IMPORTS}/{job.pk}/resume", **caseworker)
    assert done.status_code == 409 and done.json()["detail"] == "导入已完成，无需继续"
    failed = running_job(sha256="d" * 64, status="failed", error="缺少列：手机号")
    refused = client.post(f"{IMPORTS}/{failed.pk}/resume", **caseworker)
    assert refused.status_code == 409 and "缺少列：手机号" in refused.json()["detail"]


def test_import_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths[IMPORTS])
    assert "批量导入" in paths[IMPORTS]["post"]["summary"]
    for path in (f"{IMPORTS}/{{job_id}}", f"{IMPORTS}/{{job_id}}/result", f"{IMPORTS}/{{job_id}}/resume"):
        assert path in paths
    upload_body = paths[IMPORTS]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"programme", "file"} <= set(upload_body["properties"])


def test_bank_file_and_bank_result_file_through_the_api(client, tokens):
    from openpyxl import Workbook

    app = post(client, APPS, tokens["swj_clerk"], row() | {"programme": "appliance-2025"}).json()
    decision = {"outcome": "approve", "reason": "同意"}
    post(client, f"{APPS}/{app['id']}/first-decision", tokens["swj_caseworker"], decision)
    post(client, f"{APPS}/{app['id']}/second-decision", tokens["swj_approver"], decision)
    batch = post(
        client,
        "/api/v1/subsidy/payout-batches",
        tokens["czj_finance"],
        {"programme": "appliance-2025", "idempotency_key": "api-bank-1"},
    ).json()
    assert batch["items"][0]["number"] == app["number"] and app["number"].startswith("SQ-")
    url = f"/api/v1/subsidy/payout-batches/{batch['id']}"
    assert client.get(f"{url}/bank-file", **tokens["swj_caseworker"]).status_code == 403
    assert client.get(f"{url}/bank-file", **tokens["czj_finance"]).status_code == 409  # not yet reviewed
    post(client, f"{url}/review", tokens["czj_checker"], {"approve": True})
    bank = client.get(f"{url}/bank-file", **tokens["czj_finance"])
    sheet = load_workbook(io.BytesIO(bank.content)).active
    assert (
        bank.status_code == 200
        and sheet.cell(2, 2).value == "泰山电器商城"
        and sheet.cell(2, 5).value == "16060202400000000"
        and sheet.cell(2, 8).value == app["number"]
    )
    workbook = Workbook()
    workbook.active.append(["申请编号", "结果", "备注"])
    workbook.active.append([app["number"], "成功", "已入账"])
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    content.name = "回单.xlsx"
    done = client.post(f"{url}/result-file", {"file": content}, **tokens["czj_finance"])
    assert done.status_code == 200 and done.json()["paid"] == 1 and done.json()["ledger"]["reconciled"]
    broken = io.BytesIO(b"plain text")
    broken.name = "回单.xlsx"
    refused = client.post(f"{url}/result-file", {"file": broken}, **tokens["czj_finance"])
    assert refused.status_code == 422 and "不是 Excel" in refused.json()["detail"]


def test_export_through_the_api_is_masked_unless_a_reason_is_given_by_someone_who_may_see(client, tokens):
    post(client, APPS, tokens["swj_caseworker"], row() | {"programme": "appliance-2025"})
    masked = client.get(f"{APPS}/export?programme=appliance-2025", **tokens["leader"])
    sheet = load_workbook(io.BytesIO(b"".join(masked.streaming_content))).active
    assert masked.status_code == 200 and sheet.cell(2, 4).value == "3709**********1235"
    assert post(client, f"{APPS}/export", tokens["leader"], {"reason": "想看"}).status_code == 403
    assert post(client, f"{APPS}/export", tokens["swj_caseworker"], {"reason": " "}).status_code == 422
    still_masked = client.get(f"{APPS}/export?reason=核对名单", **tokens["swj_caseworker"])
    sheet = load_workbook(io.BytesIO(b"".join(still_masked.streaming_content))).active
    assert sheet.cell(2, 4).value == "3709**********1235"  # a GET never exports whole
    whole = post(client, f"{APPS}/export", tokens["swj_caseworker"], {"reason": "核对名单"})
    sheet = load_workbook(io.BytesIO(b"".join(whole.streaming_content))).active
    assert sheet.cell(2, 4).value == row()["id_number"]


def test_a_reason_with_a_control_character_is_refused_in_chinese_and_nothing_is_recorded(client, tokens):
    from liangxin.audit.models import AuditEntry
    from liangxin.subsidies.models import Application, Decision

    created = post(client, APPS, tokens["swj_clerk"], row() | {"programme": "appliance-2025"}).json()
    exports_before = AuditEntry.objects.filter(action="export").count()
    refused = post(client, f"{APPS}/export", tokens["swj_caseworker"], {"reason": "核对\x00名单"})
    assert refused.status_code == 422 and "控制字符" in refused.json()["detail"]
    assert AuditEntry.objects.filter(action="export").count() == exports_before
    app = Application.objects.get(public_id=created["id"])
    decided = post(
        client,
        f"{APPS}/{created['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "材料\x00齐全"},
    )
    assert decided.status_code == 409 and "控制字符" in decided.json()["detail"]
    assert not Decision.objects.filter(application=app).exists()
    two_lines = post(
        client,
        f"{APPS}/{created['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "材料齐全\n价格核实无误"},
    )
    assert (
        two_lines.status_code == 200
        and Decision.objects.get(application=app).reason == "材料齐全\n价格核实无误"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": "1e30"}, "price"),
        ({"price": "100000000000000000000000000"}, "price"),
        ({"transaction_at": "0001-01-01"}, "transaction_at"),
        ({"transaction_at": "9999-12-31T23:59:59-10:00"}, "transaction_at"),
    ],
)
def test_an_absurd_amount_or_date_is_refused_with_the_field_named(client, tokens, change, field):
    answer = post(client, APPS, tokens["swj_caseworker"], {"programme": "appliance-2025"} | row(**change))
    assert answer.status_code == 422, answer.content
    problems = answer.json()["errors"]
    assert [p["field"] for p in problems] == [field]
    assert "成交价格：" in problems[0]["message"] or "交易时间：应在 2024-01-01 至" in problems[0]["message"]
