"""Each role's home page starts with its own work, in a real Chromium: the reporter follows the open
period's line to the form, the caseworker the applications waiting for the first decision, the enterprise
the programme open to it."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(demo):
    from liangxin.demo import subsidies as demo_subsidies
    from liangxin.demo.reporting import install_history
    from liangxin.plans.models import Plan
    from liangxin.subsidies.models import Programme
    from liangxin.subsidies.programmes import catalogue

    plan = Plan.objects.get(code="taishan-2024")
    install_history(plan)
    catalogue.load_file(catalogue.DEMO_FILE, plan)
    Programme.objects.update(open_until=date(2099, 12, 31))
    demo_subsidies.install_subsidy_demo()


def _item(page, code):
    return page.locator(f'[data-testid="todo-item"][data-code="{code}"]')


def test_reporter_follows_the_open_period_to_the_form(page, log_in, demo_data):
    log_in("wjj_reporter")
    line = _item(page, "own_report").first
    expect(line).to_contain_text("2026年11月调度填报：请填报并报送")
    expect(line).to_contain_text("报送期限 2026年12月5日")
    line.get_by_role("link", name="去处理").click()
    page.wait_for_url("**/periods/2026-11/submissions/wjj/")
    expect(page.locator("h1")).to_contain_text("2026年11月")


def test_caseworker_follows_the_first_decisions_waiting(page, log_in, demo_data):
    log_in("swj_caseworker")
    line = _item(page, "to_first")
    expect(line).to_contain_text("待初审的申请")
    count = int(line.get_by_test_id("todo-count").inner_text())
    assert count > 0
    line.get_by_role("link", name="待初审的申请").click()
    page.wait_for_url("**/subsidies/applications/?status=pending")
    expect(page.get_by_test_id("applications")).to_contain_text("待初审")


def test_enterprise_sees_its_applications_and_applies(page, log_in, demo_data):
    log_in("enterprise")
    expect(page.get_by_test_id("todo")).not_to_contain_text("开放后")
    expect(_item(page, "own_applications")).to_contain_text("本企业的申请")
    _item(page, "open_programme").get_by_role("link", name="去处理").click()
    page.wait_for_url("**/subsidies/applications/new/equipment-2025/")
