"""The applications list in a real Chromium: a caseworker pages through 3 pages keeping the status filter
and the name searched, then finds one application by its 身份证号."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ID_NUMBER = "370902199001011235"


@pytest.fixture
def applications_to_page(demo):
    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.subsidies.intake import applications
    from liangxin.subsidies.models import Application, Programme
    from liangxin.subsidies.programmes import catalogue

    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    programme = Programme.objects.get(code="appliance-2025")
    Application.objects.bulk_create(
        Application(programme=programme, status="pending", fingerprint=f"f{i}", applicant_name=f"王某{i}")
        for i in range(130)
    )
    Application.objects.bulk_create(
        Application(programme=programme, status="rejected", fingerprint=f"r{i}", applicant_name=f"王某拒{i}")
        for i in range(7)
    )
    row = {
        "name": "张三",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "category": "冰箱",
        "grade": "一级",
        "brand_model": "海尔 BCD-470",
        "serial_number": "SN0001",
        "price": "4999.00",
        "invoice_number": "24372000000000000001",
        "voucher_number": "HS0001",
        "retailer": "泰山电器商城",
        "transaction_at": "2025-06-18 14:30",
    }
    app, _ = applications.submit(User.objects.get(username="swj_caseworker"), programme, row)
    return app


def test_a_caseworker_pages_through_a_search_and_finds_an_application_by_id_number(
    page, log_in, applications_to_page, screenshot
):
    log_in("swj_caseworker")
    page.get_by_role("button", name="补贴", exact=True).click()  # the navigation's menu
    page.locator("nav.navbar").get_by_role("link", name="补贴申请").click()
    page.get_by_label("搜索申请").fill("王某")
    page.get_by_label("状态").select_option(label="待初审")
    page.get_by_role("button", name="筛选").click()
    pager = page.get_by_test_id("pager")
    expect(pager).to_contain_text("共 130 份 · 第 1/3 页")

    pager.get_by_role("link", name="2", exact=True).click()
    expect(pager).to_contain_text("共 130 份 · 第 2/3 页")
    expect(page.get_by_label("搜索申请")).to_have_value("王某")
    expect(page.get_by_label("状态")).to_have_value("pending")
    pager.get_by_role("link", name="末页").click()
    expect(pager).to_contain_text("第 3/3 页")
    expect(page.get_by_test_id("applications").locator("tbody tr")).to_have_count(30)
    expect(page.get_by_test_id("applications")).not_to_contain_text("不予补贴")
    pager.get_by_role("link", name="首页").click()
    expect(pager).to_contain_text("第 1/3 页")
    assert re.search(r"q=%E7%8E%8B%E6%9F%90", page.url) and "status=pending" in page.url
    screenshot(page, "application-list-paged")

    page.get_by_label("搜索申请").fill(ID_NUMBER)
    page.get_by_label("状态").select_option(value="")
    page.get_by_role("button", name="筛选").click()
    expect(pager).to_contain_text("共 1 份")
    expect(page.get_by_test_id("applications")).to_contain_text("3709**********1235")
    page.get_by_role("link", name="张*").click()
    expect(page).to_have_url(re.compile(f"/subsidies/applications/{applications_to_page.public_id}/$"))
