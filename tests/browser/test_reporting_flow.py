"""The monthly reporting round in a real Chromium: the coordinator opens the period, a bureau reports,
its head approves, the coordinator returns it with a comment, the bureau fixes and resubmits, the
coordinator accepts, and the dashboard's status changes accordingly."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = "/plans/taishan-2024/periods/2026-11/submissions/wjj/"
WARD = "/plans/taishan-2024/indicators/t08-ward-renovation-projects/?as_of=2026-11-30"
DASHBOARD = "/plans/taishan-2024/dashboard/?as_of=2026-11-30"


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


def ward_status(page) -> str:
    page.goto(WARD)
    return page.get_by_test_id("indicator-status").locator("tbody tr").first.locator("td").nth(6).inner_text()


def test_report_approve_return_fix_accept(page, log_in, screenshot):
    log_in("fgj_coordinator")
    assert "未填报" in ward_status(page)
    page.goto(DASHBOARD)
    done_before = int(page.get_by_test_id("kpi-done").inner_text())

    page.get_by_role("link", name="调度填报").click()
    page.get_by_label("期次").fill("2026-11")
    page.get_by_label("报送期限").fill("2026-12-05")
    page.get_by_role("button", name="开启填报期").click()
    expect(page.get_by_text("已开启2026年11月的填报期")).to_be_visible()
    log_out(page)

    log_in("wjj_reporter")
    page.goto(FORM)
    page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True).fill("250")
    page.get_by_label("医疗机构病房改造提升项目", exact=True).fill("1")
    page.locator("#progress-8").fill("完成CT和DR各一台的更新")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_test_id("status")).to_have_text("已报送")
    log_out(page)

    log_in("wjj_reviewer")
    page.goto(FORM)
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_test_id("status")).to_have_text("部门已审核")
    log_out(page)

    log_in("fgj_coordinator")
    page.goto(FORM)
    page.get_by_label("退回意见").fill("请补充信息化设施更新数量")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_test_id("status")).to_have_text("已退回")
    log_out(page)

    log_in("wjj_reporter")
    page.goto(FORM)
    expect(page.get_by_test_id("latest-comment")).to_contain_text("请补充信息化设施更新数量")
    expect(page.get_by_label("医疗机构病房改造提升项目", exact=True)).to_have_value("1")
    page.get_by_label("卫生健康领域信息化设施更新换代量", exact=True).fill("210")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_test_id("status")).to_have_text("已报送")
    log_out(page)

    log_in("wjj_reviewer")
    page.goto(FORM)
    page.get_by_role("button", name="审核通过").click()
    log_out(page)

    log_in("fgj_coordinator")
    page.goto(FORM)
    page.get_by_role("button", name="采纳").click()
    expect(page.get_by_test_id("status")).to_have_text("已采纳")
    expect(page.get_by_test_id("history")).to_contain_text("请补充信息化设施更新数量")

    assert "已完成" in ward_status(page)
    page.goto(DASHBOARD)
    assert int(page.get_by_test_id("kpi-done").inner_text()) > done_before
    screenshot(page, "dashboard-after-accept")


def test_bad_value_is_named_and_typed_work_kept(page, log_in):
    from datetime import date

    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.reporting import workflow

    workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    log_in("wjj_reporter")
    page.goto(FORM)
    page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True).fill("二百五")
    page.locator("#problems-8").fill("招标流标一次")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("problems")).to_contain_text(
        "卫生健康领域医疗装备更新换代量：数值“二百五”不是数值"
    )
    expect(page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True)).to_have_value("二百五")
    expect(page.locator("#problems-8")).to_have_value("招标流标一次")
