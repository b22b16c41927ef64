"""The register's pages and API: what each role sees and may do, the forms keeping what was typed, the
reveal in place, the honour recorded with its document, and the import naming every faulty row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.enterprises import honours, units
from liangxin.enterprises.models import Honour, Unit
from liangxin.enterprises.tests.test_honours import PDF, green
from liangxin.enterprises.tests.test_units import CODE_B, ROW_A, enterprise, person, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path
    return units.create(person("fgj_coordinator"), enterprise())


def test_the_list_searches_filters_and_exports(login, unit):
    units.create(
        person("fgj_coordinator"),
        enterprise(credit_code=CODE_B, name="泰山医院", kind="hospital", department="wjj"),
    )
    honours.record(person("gxj_reporter"), unit, green())
    client = login("leader")
    page = client.get("/enterprises/").content.decode()
    assert "泰安示范电缆有限公司" in page and "泰山医院" in page and "企业与单位" in page
    found = client.get("/enterprises/", {"q": "电缆"}).content.decode()
    assert "泰安示范电缆有限公司" in found and "泰山医院" not in found
    assert "泰山医院" not in client.get("/enterprises/", {"honour": "green-factory"}).content.decode()
    assert "泰安示范电缆" not in client.get("/enterprises/", {"kind": "hospital"}).content.decode()
    exported = client.get("/enterprises/export.xlsx", {"kind": "hospital"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["泰山医院"]
    assert "登记单位" not in page  # a leader reads only


def test_a_refused_form_keeps_what_was_typed(login):
    client = login("gxj_reporter")
    sent = enterprise(credit_code="91370902MA3C0000X", contact_phone="12345") | {"above_scale": "1"}
    refused = client.post("/enterprises/new/", sent)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert (
        'data-field="credit_code">统一社会信用代码：' in page
        and 'data-field="contact_phone">联系电话：' in page
    )
    assert 'value="泰安示范电缆有限公司"' in page and 'value="电线、电缆制造"' in page
    done = client.post("/enterprises/new/", enterprise() | {"above_scale": "1"})
    assert done.status_code == 302 and Unit.objects.get().above_scale


def test_the_phone_is_revealed_in_place_with_a_reason(login, unit):
    client = login("fgj_coordinator")
    page = client.get(f"/enterprises/{unit.pk}/").content.decode()
    assert "138****8000" in page and "13800138000" not in page
    refused = client.post(f"/enterprises/{unit.pk}/reveal/", {"reason": "x"})
    assert refused.status_code == 422 and "理由过于简短" in refused.content.decode()
    shown = client.post(f"/enterprises/{unit.pk}/reveal/", {"reason": "联系企业核实设备需求"})
    body = shown.content.decode()
    assert shown.status_code == 200 and "<code>13800138000</code>" in body and 'data-action="honour"' in body
    assert shown["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="unit.reveal").count() == 1


def test_an_honour_is_recorded_on_the_page_with_its_document_and_withdrawn(login, unit):
    client = login("gxj_reporter")
    document = SimpleUploadedFile("绿色工厂认定.pdf", PDF, content_type="application/pdf")
    done = client.post(f"/enterprises/{unit.pk}/honours/", green() | {"document": document})
    assert done.status_code == 302
    honour = Honour.objects.get()
    page = client.get(f"/enterprises/{unit.pk}/").content.decode()
    assert "省级绿色工厂" in page and "绿色工厂认定.pdf" in page
    assert b"".join(client.get(f"/enterprises/honours/{honour.pk}/document/").streaming_content) == PDF
    again = client.post(f"/enterprises/{unit.pk}/honours/", green())
    assert again.status_code == 409 and "已登记 2025 年省级绿色工厂" in again.content.decode()
    assert (
        login("wjj_reporter")
        .post(f"/enterprises/honours/{honour.pk}/withdraw/", {"reason": "认定撤销"})
        .status_code
        == 403
    )
    client = login("gxj_reporter")
    client.post(f"/enterprises/honours/{honour.pk}/withdraw/", {"reason": "省工信厅撤销认定"})
    assert not Honour.objects.get().in_force


def test_an_enterprise_account_goes_to_its_own_unit_and_sees_no_other(login, unit):
    account = person("enterprise")
    own = units.create(
        person("fgj_coordinator"), enterprise(credit_code=account.credit_code, name="泰山示范机械有限公司")
    )
    client = login("enterprise")
    assert client.get("/enterprises/")["Location"] == f"/enterprises/{own.pk}/"
    assert client.get(f"/enterprises/{unit.pk}/").status_code == 404
    page = client.get(f"/enterprises/{own.pk}/").content.decode()
    assert (
        'data-action="edit"' in page
        and 'data-action="reveal"' not in page
        and 'data-action="honour"' not in page
    )
    edit = client.get(f"/enterprises/{own.pk}/edit/").content.decode()
    assert 'name="contact_name"' in edit and 'name="name"' not in edit
    done = client.post(f"/enterprises/{own.pk}/edit/", {"contact_name": "李经理", "industry_code": "C3511"})
    assert done.status_code == 302 and Unit.objects.get(pk=own.pk).contact_name == "李经理"


def test_the_import_page_names_every_faulty_row(login):
    client = login("fgj_coordinator")
    bad = workbook([ROW_A, ["企业", "", CODE_B, "", "", "否", "", "", "", ""]])
    refused = client.post("/enterprises/import/", {"file": SimpleUploadedFile("名录.xlsx", bad)})
    assert refused.status_code == 422 and "第 3 行：单位名称：必填" in refused.content.decode()
    assert not Unit.objects.exists()
    done = client.post("/enterprises/import/", {"file": SimpleUploadedFile("名录.xlsx", workbook([ROW_A]))})
    assert done.status_code == 302 and Unit.objects.count() == 1
    assert login("leader").get("/enterprises/import/").status_code == 403


def test_the_api_lists_creates_changes_and_reveals(client, api_token, settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path
    coordinator = api_token("fgj_coordinator")
    created = client.post(
        "/api/v1/enterprises/units",
        enterprise(above_scale=True),
        content_type="application/json",
        **coordinator,
    )
    assert created.status_code == 201, created.content
    unit_id = created.json()["id"]
    assert created.json()["contact_phone"] == "138****8000"
    refused = client.post(
        "/api/v1/enterprises/units",
        enterprise(credit_code="123", above_scale=True),
        content_type="application/json",
        **coordinator,
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "credit_code"
    listed = client.get("/api/v1/enterprises/units", {"q": "电缆"}, **api_token("leader")).json()
    assert listed["count"] == 1 and listed["items"][0]["credit_code"] == enterprise()["credit_code"]
    changed = client.patch(
        f"/api/v1/enterprises/units/{unit_id}",
        {"contact_name": "李经理"},
        content_type="application/json",
        **coordinator,
    )
    assert changed.status_code == 200 and changed.json()["contact_name"] == "李经理"
    shown = client.post(
        f"/api/v1/enterprises/units/{unit_id}/reveal",
        {"reason": "联系企业核实"},
        content_type="application/json",
        **coordinator,
    )
    assert shown.json() == {"contact_phone": "13800138000"}
    gxj = api_token("gxj_reporter")
    honour = client.post(
        f"/api/v1/enterprises/units/{unit_id}/honours", green(), content_type="application/json", **gxj
    )
    assert honour.status_code == 201 and honour.json()["level_label"] == "省级"
    withdrawn = client.post(
        f"/api/v1/enterprises/honours/{honour.json()['id']}/withdraw",
        {"reason": "认定已撤销"},
        content_type="application/json",
        **gxj,
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False
    assert client.get(f"/api/v1/enterprises/units/{unit_id}", **api_token("enterprise")).status_code == 404
