"""Subsidy pages: masked lists, the review screens, and the audited reveal."""

import pytest

from liangxin.audit.models import AuditEntry
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.tests.test_applications import ID_A, row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    created, _ = applications.submit(person("swj_clerk"), load(), row())
    return created


def test_list_is_masked_and_scoped(login, app):
    page = login("swj_caseworker").get("/subsidies/applications/").content.decode()
    assert "3709**********1235" in page and ID_A not in page and "张*" in page
    assert "2025年家电以旧换新补贴" in page
    assert login("gxj_reporter").get("/subsidies/applications/").status_code == 403
    assert "没有符合条件的申请" in login("enterprise").get("/subsidies/applications/").content.decode()


def test_review_through_the_pages(login, app):
    url = f"/subsidies/applications/{app.public_id}/"
    login("swj_caseworker").post(f"{url}decide/first/", {"outcome": "approve", "reason": "材料齐全"})
    assert Application.objects.get(pk=app.pk).status == "first_approved"
    denied = login("swj_caseworker").post(f"{url}decide/second/", {"outcome": "approve", "reason": "同意"})
    assert denied.status_code == 403 and Application.objects.get(pk=app.pk).status == "first_approved"
    login("swj_approver").post(f"{url}decide/second/", {"outcome": "approve", "reason": "同意"})
    assert Application.objects.get(pk=app.pk).status == "approved"


def test_whoever_entered_the_application_gets_no_decision_button_and_a_chinese_refusal(login, app, api_token):
    url = f"/subsidies/applications/{app.public_id}/"
    assert 'data-action="first"' in login("swj_caseworker").get(url).content.decode()
    maker = login("swj_clerk")
    assert 'data-action="first"' not in maker.get(url).content.decode()
    refused = maker.post(f"{url}decide/first/", {"outcome": "approve", "reason": "材料齐全"})
    assert refused.status_code == 403 and "经办与审核分离" in refused.content.decode()
    api = maker.post(
        f"/api/v1/subsidy/applications/{app.public_id}/first-decision",
        {"outcome": "approve", "reason": "材料齐全"},
        content_type="application/json",
        **api_token("swj_clerk"),
    )
    assert api.status_code == 403 and "您录入或导入了这份申请" in api.json()["detail"]
    assert Application.objects.get(pk=app.pk).status == "pending"


def test_reveal_shows_once_and_is_audited(login, app):
    url = f"/subsidies/applications/{app.public_id}/"
    client = login("swj_approver")
    refused = client.post(f"{url}reveal/", {"field": "id_number", "reason": ""}).content.decode()
    assert ID_A not in refused and "须填写理由" in refused
    shown = client.post(f"{url}reveal/", {"field": "id_number", "reason": "核对身份"})
    assert ID_A in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert ID_A not in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="pii.reveal").count() == 1
    assert login("leader").post(f"{url}reveal/", {"field": "id_number", "reason": "x"}).status_code == 403


def test_finance_builds_a_batch_downloads_the_bank_file_and_uploads_the_result(login, app):
    import io

    from openpyxl import Workbook, load_workbook

    from liangxin.subsidies.models import PayoutBatch
    from liangxin.subsidies.review import decisions

    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    decisions.second_decision(person("swj_approver"), app, "approve", "同意")
    assert login("swj_caseworker").get("/subsidies/payouts/").status_code == 403
    finance = login("czj_finance")
    page = finance.get("/subsidies/payouts/").content.decode()
    assert "资金拨付" in page and "生成拨付批次" in page
    form = {"programme": "appliance-2025", "idempotency_key": "page-key-1"}
    finance.post("/subsidies/payouts/new/", form)
    again = finance.post("/subsidies/payouts/new/", form, follow=True).content.decode()
    assert "没有重复生成" in again and PayoutBatch.objects.count() == 1
    batch = PayoutBatch.objects.get()
    checker = login("czj_checker")
    checker.post(f"/subsidies/payouts/{batch.pk}/review/", {"decision": "approve", "reason": ""})
    finance = login("czj_finance")
    bank = finance.get(f"/subsidies/payouts/{batch.pk}/bank.xlsx")
    assert bank["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(bank.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "泰山电器商城" and rows[1][7] == app.number
    workbook = Workbook()
    workbook.active.append(["申请编号", "结果", "备注"])
    workbook.active.append([app.number, "成功", ""])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "回单.xlsx"
    done = finance.post(
        f"/subsidies/payouts/{batch.pk}/results/", {"file": upload}, follow=True
    ).content.decode()
    assert "记为已拨付 1 笔" in done
    app.refresh_from_db()
    assert app.status == Application.Status.PAID
    wrong = io.BytesIO(b"not a workbook")
    wrong.name = "回单.xlsx"
    refused = finance.post(
        f"/subsidies/payouts/{batch.pk}/results/", {"file": wrong}, follow=True
    ).content.decode()
    assert "不是 Excel" in refused


def test_an_enterprise_applies_through_the_form_and_a_refused_form_keeps_what_was_typed(login):
    from liangxin.subsidies.tests.test_enterprise_and_farm import CODE_A

    load()
    enterprise = login("enterprise")
    form = enterprise.get("/subsidies/applications/new/equipment-2025/").content.decode()
    assert "企业名称 *" in form and "统一社会信用代码 *" in form and 'name="line-0-invoice_number"' in form
    typed = {
        "name": "泰山示范机械有限公司",
        "credit_code": CODE_A[:-1] + "K",
        "phone": "13905381234",
        "bank_name": "工商银行泰安分行",
        "bank_account": "160602340920012345",
        "line-0-name": "数控机床",
        "line-0-quantity": "1",
        "line-0-invoice_number": "24372000000000100001",
        "line-0-amount": "300000",
        "line-1-name": "机器人",
    }
    refused = enterprise.post("/subsidies/applications/new/equipment-2025/", typed)
    page = refused.content.decode()
    assert refused.status_code == 422 and "统一社会信用代码校验位不正确" in page
    assert "第 2 行数量：必填" in page and 'value="160602340920012345"' in page and 'value="数控机床"' in page
    assert not Application.objects.exists()
    typed |= {"credit_code": CODE_A, "line-1-name": ""}
    done = enterprise.post("/subsidies/applications/new/equipment-2025/", typed, follow=True).content.decode()
    assert "申请已受理，补贴金额 30000.00 元" in done
    app = Application.objects.get()
    assert app.source == "form" and app.lines.count() == 1 and app.bank_account_masked == "160602********2345"
    assert login("gxj_reporter").get("/subsidies/applications/new/equipment-2025/").status_code == 403


def test_pages_fit_each_kind_of_application_and_name_flags_in_chinese(login):
    from liangxin.subsidies.tests.test_enterprise_and_farm import CODE_A, enterprise, farm

    load()
    programmes = {p.code: p for p in Programme.objects.all()}
    company, _ = applications.submit(person("swj_clerk"), programmes["equipment-2025"], enterprise())
    farmer, _ = applications.submit(person("swj_clerk"), programmes["farm-machinery-2025"], farm())
    twice, _ = applications.submit(person("swj_clerk"), programmes["appliance-2025"], row())
    again, _ = applications.submit(
        person("swj_caseworker"), programmes["appliance-2025"], row(serial_number="S2", voucher_number="V2")
    )
    assert 'value="bank_account"' not in (
        login("czj_finance").get(f"/subsidies/applications/{company.public_id}/").content.decode()
    )  # finance sees whole accounts in the bank file only
    page = login("gxj_approver").get(f"/subsidies/applications/{company.public_id}/").content.decode()
    assert "泰山示范机械有限公司" in page and CODE_A in page and "身份证号" not in page.split("查看项")[0]
    assert "数控加工中心" in page and "1,200,000" in page and "200,000 元" in page
    assert 'value="bank_account"' in page and 'value="id_number"' not in page
    page = login("nyncj_approver").get(f"/subsidies/applications/{farmer.public_id}/").content.decode()
    assert "报废机具" in page and "拖拉机" in page and "李*" in page
    listing = login("swj_caseworker").get("/subsidies/applications/?flag=DUP_INVOICE").content.decode()
    assert (
        "发票重复使用" in listing and str(again.public_id) in listing and str(twice.public_id) not in listing
    )
    assert login("enterprise").get("/subsidies/applications/new/appliance-2025/").status_code == 404
    menu = login("enterprise").get("/subsidies/applications/").content.decode()
    assert "/subsidies/applications/new/equipment-2025/" in menu and "/new/appliance-2025/" not in menu


def test_the_list_exports_masked_and_whole_only_with_a_reason_for_those_who_may_see_it(login, app):
    import io

    from openpyxl import load_workbook

    caseworker = login("swj_caseworker")
    masked = caseworker.get("/subsidies/applications/export.xlsx?programme=appliance-2025")
    assert masked["Cache-Control"] == "no-store"
    rows = list(
        load_workbook(io.BytesIO(b"".join(masked.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == app.number and rows[1][-1] == str(app.public_id)
    assert rows[1][2] == "张*" and rows[1][3] == "3709**********1235"
    assert ID_A not in str(rows)
    refused = caseworker.post(
        "/subsidies/applications/export.xlsx", {"programme": "", "reason": " "}, follow=True
    )
    assert "导出完整个人信息须填写理由" in refused.content.decode()
    whole = caseworker.post("/subsidies/applications/export.xlsx", {"reason": "核对发放名单"})
    rows = list(
        load_workbook(io.BytesIO(b"".join(whole.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[1][2] == "张三" and rows[1][3] == ID_A and rows[1][4] == "13800138000"
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert entry.after == {
        "what": "applications",
        "rows": 1,
        "unmasked": True,
        "reason": "核对发放名单",
        "filters": {},
    }
    assert login("leader").post("/subsidies/applications/export.xlsx", {"reason": "看看"}).status_code == 403


def test_the_form_refuses_an_absurd_price_or_date_beside_its_field(login):
    from liangxin.subsidies.tests.test_applications import row

    load()
    typed = row(price="1e30", transaction_at="0001-01-01T00:00")
    refused = login("swj_caseworker").post("/subsidies/applications/new/appliance-2025/", typed)
    page = refused.content.decode()
    assert refused.status_code == 422
    assert "应为大于 0、小于 1 万亿元" in page and "应在 2024-01-01 至" in page
    assert not Application.objects.exists()


def test_the_enterprise_form_takes_any_number_of_rows_and_invoice_scans_checked_by_content(
    login, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liangxin.subsidies.models import Invoice
    from liangxin.subsidies.tests.test_enterprise_and_farm import CODE_A

    settings.EVIDENCE_DIR = tmp_path
    load()
    enterprise = login("enterprise")
    typed = {
        "name": "泰山示范机械有限公司",
        "credit_code": CODE_A,
        "phone": "13905381234",
        "bank_name": "工商银行泰安分行",
        "bank_account": "160602340920012345",
    }
    for n, i in enumerate([0, 1, 2, 3, 4, 7, 12]):  # rows added and removed on the page leave gaps
        typed |= {
            f"line-{i}-name": f"设备{n + 1}",
            f"line-{i}-quantity": "1",
            f"line-{i}-invoice_number": f"243720000000001000{n + 1:02d}",
            f"line-{i}-amount": "10000",
        }
    fake = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00not a pdf")
    refused = enterprise.post("/subsidies/applications/new/equipment-2025/", typed | {"invoices": [fake]})
    page = refused.content.decode()
    assert refused.status_code == 422 and "发票扫描件" in page and "不是 PDF 或图片文件" in page
    assert 'value="设备7"' in page and not Application.objects.exists() and not Invoice.objects.exists()
    scan = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice")
    done = enterprise.post(
        "/subsidies/applications/new/equipment-2025/", typed | {"invoices": [scan]}, follow=True
    )
    app = Application.objects.get()
    assert list(app.lines.values_list("name", flat=True)) == [f"设备{n}" for n in range(1, 8)]
    (invoice,) = app.invoices.all()
    assert (
        invoice.kind == "pdf"
        and (tmp_path / "invoices" / invoice.stored_name).read_bytes() == b"%PDF-1.4 invoice"
    )
    assert "发票.pdf" in done.content.decode()


def test_an_invoice_scan_opens_from_the_application_page_within_its_scope_and_is_audited(
    login, tmp_path, settings
):
    from urllib.parse import quote

    from liangxin.subsidies.intake import invoices
    from liangxin.subsidies.tests.test_enterprise_and_farm import CODE_A

    settings.EVIDENCE_DIR = tmp_path
    load()
    typed = {
        "name": "泰山示范机械有限公司",
        "credit_code": CODE_A,
        "phone": "13905381234",
        "bank_name": "工商银行泰安分行",
        "bank_account": "160602340920012345",
        "lines": [
            {"name": "数控机床", "quantity": "1", "invoice_number": "24372000000000100001", "amount": "1"}
        ],
    }
    enterprise = person("enterprise")
    equipment = Programme.objects.get(code="equipment-2025")
    app, _ = invoices.submit_with_invoices(
        enterprise, equipment, typed, [("增值税发票.pdf", b"%PDF-1.4 scan")]
    )
    (scan,) = app.invoices.all()
    url = f"/subsidies/applications/{app.public_id}/invoices/{scan.pk}/"
    client = login("enterprise")
    assert f'href="{url}"' in client.get(f"/subsidies/applications/{app.public_id}/").content.decode()
    got = client.get(url)
    assert (
        got.status_code == 200
        and got.content == b"%PDF-1.4 scan"
        and got["Content-Type"] == "application/pdf"
    )
    assert got["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote('增值税发票.pdf')}"
    entry = AuditEntry.objects.filter(action="application.invoice.download").get()
    assert entry.actor_name == "enterprise" and entry.object_type == "subsidies.application"
    assert entry.object_id == str(app.pk)
    assert entry.after == {"name": "增值税发票.pdf", "sha256": scan.sha256}
    # outside the application's scope, or an invoice of another application under this one's address: 404
    assert login("swj_caseworker").get(url).status_code == 404
    second = typed | {"lines": [typed["lines"][0] | {"invoice_number": "24372000000000100002"}]}
    other, _ = applications.submit(enterprise, equipment, second)
    assert (
        login("enterprise").get(f"/subsidies/applications/{other.public_id}/invoices/{scan.pk}/").status_code
        == 404
    )
    assert AuditEntry.objects.filter(action="application.invoice.download").count() == 1
