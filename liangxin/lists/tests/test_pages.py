"""The lists' pages: each list with filters, search, pages and Excel; the forms keeping what was typed; an
entry from the enterprise's submission through the lead department's acceptance to the public 名录 (no
login, no contact); the history; the reveal; the Excel import all or nothing; the categories page."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.lists import entries, review
from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry
from liangxin.lists.tests.helpers import (
    CABLE_CODE,
    consumer_data,
    demo_units,  # noqa: F401 - a fixture
    equipment_data,
    person,
    supply_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def workbook(headers, *rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_from_the_enterprises_form_to_the_public_directory_without_the_phone(login, client):
    enterprise = login("enterprise")
    assert "省级绿色工厂" in enterprise.get("/lists/supply/new/").content.decode()  # its honours to link
    refused = enterprise.post("/lists/supply/new/", supply_data(unit="", product="", price_min="x"))
    body = refused.content.decode()
    assert refused.status_code == 422 and 'data-field="product"' in body and 'data-field="price_min"' in body
    assert "功率 75–400 kW" in body and "矿用产品安全标志证书" in body  # what was typed stays
    done = enterprise.post("/lists/supply/new/", supply_data(unit="", then="submit"))
    entry = SupplyEntry.objects.get()
    assert done.status_code == 302 and entry.status == "submitted"
    reviewer = login("gxj_reviewer")
    page = reviewer.get(f"/lists/supply/{entry.pk}/").content.decode()
    assert 'data-action="accept"' in page and 'data-testid="matches"' in page and "139****1234" in page
    assert reviewer.post(f"/lists/supply/{entry.pk}/accept/", {"note": "同意发布"}).status_code == 302
    client.logout()
    public = client.get("/public/supply/")
    text = public.content.decode()
    assert public.status_code == 200 and "矿用隔爆型变频调速一体机" in text and "泰山示范机械有限公司" in text
    assert "1234" not in text and "王经理" not in text and "12.5–48" in text
    sheet = load_workbook(io.BytesIO(client.get("/public/supply/export.xlsx").content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert "矿用隔爆型变频调速一体机" in cells and not any("1390538" in c or "王经理" in c for c in cells)


def test_a_return_without_a_reason_is_shown_on_the_page_and_the_history_lists_every_step(login):
    entry = review.submit(person("enterprise"), entries.create(person("enterprise"), "supply", supply_data()))
    reviewer = login("gxj_reviewer")
    refused = reviewer.post(f"/lists/supply/{entry.pk}/return/", {"note": ""})
    assert refused.status_code == 422 and "退回" in refused.content.decode()
    reviewer.post(f"/lists/supply/{entry.pk}/return/", {"note": "请补充产能数据"})
    page = login("enterprise").get(f"/lists/supply/{entry.pk}/").content.decode()
    assert "已退回：请补充产能数据" in page and 'data-action="edit"' in page
    assert page.count("<tr><td") >= 3  # 新增, 提交审核, 退回


def test_the_lists_filter_search_page_and_export(login):
    for n in range(3):
        entries.create(
            person("gxj_reporter"),
            "supply",
            supply_data(unit=CABLE_CODE, product=f"电缆 {n}", category="输变电及电线电缆"),
        )
    entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    client = login("fgj_coordinator")
    page = client.get("/lists/supply/", {"category": "power-cable"}).content.decode()
    assert "电缆 2" in page and "矿用隔爆型" not in page and 'data-testid="pager"' in page
    assert "矿用隔爆型" in client.get("/lists/supply/", {"q": "变频"}).content.decode()
    sheet = load_workbook(
        io.BytesIO(client.get("/lists/supply/export.xlsx", {"category": "power-cable"}).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "企业" and rows[1][-2] == "139****1234"
    entries.create(person("swj_reporter"), "demand", consumer_data())
    demand = client.get("/lists/demand/", {"kind": "consumer"}).content.decode()
    assert "家电以旧换新需求测算" in demand
    assert client.get("/lists/demand/export.xlsx").status_code == 200


def test_the_demand_form_and_edit_keep_the_phone(login):
    client = login("wjj_reporter")
    done = client.post("/lists/demand/new/", equipment_data())
    entry = DemandEntry.objects.get()
    assert done.status_code == 302 and entry.status == "draft" and entry.department.code == "wjj"
    assert (
        client.post(
            f"/lists/demand/{entry.pk}/edit/", equipment_data(contact_phone="", quantity="2")
        ).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.quantity == 2 and entries.stored_phone(entry) == "13905385678"
    assert client.get(f"/lists/demand/{entry.pk}/edit/").status_code == 200


def test_revealing_the_phone_on_the_page(login):
    entry = entries.create(person("enterprise"), "supply", supply_data())
    client = login("fgj_coordinator")
    assert client.post(f"/lists/supply/{entry.pk}/reveal/", {"reason": ""}).status_code == 422
    shown = client.post(f"/lists/supply/{entry.pk}/reveal/", {"reason": "核实企业产能"})
    assert "13905381234" in shown.content.decode() and shown["Cache-Control"] == "no-store"


def test_an_import_saves_all_rows_or_none_and_names_each_faulty_row(login):
    client = login("gxj_reporter")
    headers = ["企业", "产品名称", "产品类别", "参考价格下限（万元）", "参考价格上限（万元）", "联系电话"]
    bad = workbook(
        headers, [CABLE_CODE, "电缆", "输变电及电线电缆", 1, 2, ""], ["无此企业", "", "航天", 5, 1, "1"]
    )
    refused = client.post("/lists/supply/import/", {"file": io.BytesIO(bad)})
    body = refused.content.decode()
    assert refused.status_code == 422 and "第 3 行：企业" in body and "第 3 行：产品名称：必填" in body
    assert SupplyEntry.objects.count() == 0
    good = workbook(
        headers,
        [CABLE_CODE, "电缆", "输变电及电线电缆", 1, 2.5, "13905380000"],
        [DEMO_ENTERPRISE_CODE, "矿用电机", "mining", None, None, None],
    )
    assert client.post("/lists/supply/import/", {"file": io.BytesIO(good), "submit": "1"}).status_code == 302
    assert sorted(SupplyEntry.objects.values_list("status", flat=True)) == ["submitted", "submitted"]
    demand = workbook(
        [
            "需求类型",
            "需求单位",
            "需求内容",
            "领域",
            "数量",
            "计量单位",
            "预算或预计金额（万元）",
            "需求时间（月）",
        ],
        ["设备更新需求", CABLE_CODE, "更新拉丝机", "工业", 4, "台", 320, "2026-09"],
    )
    assert client.post("/lists/demand/import/", {"file": io.BytesIO(demand)}).status_code == 302
    assert DemandEntry.objects.get().wanted_by.month == 9


def test_the_coordinator_adds_a_category_others_only_read(login):
    assert login("gxj_reviewer").post("/lists/categories/", {"code": "x", "name": "Y"}).status_code == 403
    client = login("fgj_coordinator")
    assert client.post("/lists/categories/", {"code": "", "name": ""}).status_code == 422
    assert (
        client.post("/lists/categories/", {"code": "fire-equipment", "name": "消防装备"}).status_code == 302
    )
    assert SupplyCategory.objects.filter(name="消防装备").exists()
    assert "消防装备" in login("enterprise").get("/lists/categories/").content.decode()
