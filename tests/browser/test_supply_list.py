"""A supply entry from the enterprise's submission to the public 名录: the enterprise fills the form and
submits it, the lead department's reviewer (工信局) finds it in the to-do list and accepts it, and a visitor
who is not signed in finds it on the public page without the contact person or phone."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def own_unit(demo):
    from liangxin.accounts.models import User
    from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
    from liangxin.enterprises import units

    return units.create(
        User.objects.get(username="fgj_coordinator"),
        {"name": "泰山示范机械有限公司", "credit_code": DEMO_ENTERPRISE_CODE, "department": "gxj"},
    )


def test_a_supply_entry_goes_from_the_enterprise_to_the_public_directory(page: Page, log_in, own_unit):
    product = "矿用隔爆型变频调速一体机"
    log_in("enterprise")
    page.goto("/lists/supply/new/")
    page.get_by_label("产品名称").fill(product)
    page.get_by_label("产品类别").select_option(label="矿山装备")
    page.get_by_label("规格型号与技术参数").fill("75–400 kW，Ex d I Mb")
    page.get_by_label("参考价格下限（万元）").fill("12.5")
    page.get_by_label("参考价格上限（万元）").fill("8")
    page.get_by_label("联系人").fill("王经理")
    page.get_by_label("联系电话").fill("13905381234")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.get_by_test_id("problems")).to_be_visible()  # the upper price below the lower one
    expect(page.locator('[data-field="price_max"]')).to_contain_text("不能低于参考价格下限")
    page.get_by_label("参考价格上限（万元）").fill("48")
    page.get_by_label("联系电话").fill("13905381234")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.get_by_test_id("status")).to_have_text("待审核")
    page.get_by_role("button", name="退出").click()

    log_in("gxj_reviewer")
    page.get_by_role("link", name="待审核的两优清单条目").click()
    page.get_by_role("link", name=product).click()
    expect(page.get_by_test_id("contact")).to_contain_text("139****1234")
    page.get_by_role("button", name="采纳并发布").click()
    expect(page.get_by_test_id("status")).to_have_text("已采纳")
    expect(page.get_by_test_id("history")).to_contain_text("采纳")
    page.get_by_role("button", name="退出").click()

    page.goto("/public/supply/")
    directory = page.get_by_test_id("directory")
    expect(directory).to_contain_text(product)
    expect(directory).to_contain_text("泰山示范机械有限公司")
    expect(directory).to_contain_text("12.5–48")
    body = page.locator("body")
    expect(body).not_to_contain_text("1234")
    expect(body).not_to_contain_text("王经理")
