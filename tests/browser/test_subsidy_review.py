"""The subsidy review in a real Chromium: the caseworker's first decision, the approver's second, the
budget committed, and the approver revealing an ID number with a reason."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def application(demo):
    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.subsidies.intake import applications
    from liangxin.subsidies.models import Programme
    from liangxin.subsidies.programmes import catalogue

    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    row = {
        "name": "张三",
        "id_number": "370902199001011235",
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
    app, _ = applications.submit(
        User.objects.get(username="swj_clerk"), Programme.objects.get(code="appliance-2025"), row
    )
    return app


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


def test_first_and_second_decision_commit_the_budget(page, log_in, application):
    log_in("swj_caseworker")
    page.get_by_role("button", name="补贴", exact=True).click()  # the navigation's menu
    page.locator("nav.navbar").get_by_role("link", name="补贴申请").click()
    expect(page.get_by_test_id("applications")).to_contain_text("3709**********1235")
    page.get_by_role("link", name="张*").click()
    page.get_by_label("审核理由").fill("材料齐全，价格核实无误")
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_test_id("status")).to_have_text("初审通过")
    log_out(page)

    log_in("swj_approver")
    page.goto(f"/subsidies/applications/{application.public_id}/")
    page.get_by_label("查看理由").fill("电话核实本人")
    page.get_by_role("button", name="查看完整信息").click()
    expect(page.get_by_test_id("revealed")).to_contain_text("370902199001011235")
    page.goto(f"/subsidies/applications/{application.public_id}/")
    expect(page.get_by_text("370902199001011235")).to_have_count(0)
    page.get_by_label("审核理由").fill("同意")
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_test_id("status")).to_have_text("复审通过")
    page.goto("/subsidies/applications/")
    expect(page.get_by_test_id("ledger")).to_contain_text("999.80")


def test_a_caseworker_reveals_an_id_number_and_decides_on_the_same_page(page, log_in, application):
    """After 查看完整信息 the decision panel stayed away: the caseworker had to go back (issue 11 D.8)."""
    log_in("swj_caseworker")
    page.goto(f"/subsidies/applications/{application.public_id}/")
    expect(page.get_by_test_id("number")).to_have_text(application.number)
    page.get_by_label("查看理由").fill("电话核实本人身份")
    page.get_by_role("button", name="查看完整信息").click()
    expect(page.get_by_test_id("revealed")).to_contain_text("370902199001011235")
    page.get_by_label("审核理由").fill("身份核实无误，材料齐全")
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_test_id("status")).to_have_text("初审通过")
