"""A project from 谋划 to 入选/下达 as the responsible department and the coordinator do it in the browser:
the department registers it, moves it to 储备 and asks for 申报 and 下达; each of those waits until the
coordinator confirms it on the project's page."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def owner(demo):
    from liangxin.accounts.models import User
    from liangxin.enterprises import units

    return units.create(
        User.objects.get(username="fgj_coordinator"),
        {"name": "泰安鲁岳电线电缆有限公司", "credit_code": "91370902MA3C10020E", "department": "gxj"},
    )


def move(page: Page, to: str, on: str) -> None:
    form = page.locator('form[data-action="stage"]')
    form.get_by_label("新阶段").select_option(to)
    form.get_by_label("日期").fill(on)
    form.get_by_role("button", name="变更阶段").click()


def confirm_as_coordinator(page: Page, log_in, name: str) -> None:
    page.get_by_role("button", name="退出").click()
    log_in("fgj_coordinator")
    page.goto("/projects/")
    expect(page.get_by_test_id("pending")).to_contain_text(name)
    page.get_by_test_id("pending").get_by_role("link", name=name).click()
    page.get_by_role("button", name="确认", exact=True).click()
    page.get_by_role("button", name="退出").click()
    log_in("gxj_reporter")


def test_a_project_goes_from_planning_to_selected(page: Page, log_in, owner):
    name = "年产 5 万公里特种电缆智能化技术改造项目"
    log_in("gxj_reporter")
    page.goto("/projects/new/")
    page.get_by_label("项目名称").fill(name)
    page.get_by_label("项目代码").fill("2407-370902-04-01-123456")
    page.get_by_label("项目单位（名称或统一社会信用代码）").fill(owner.credit_code)
    page.get_by_label("领域").select_option(label="工业")
    page.get_by_label("总投资（万元）").fill("12000.5")
    page.get_by_label("设备投资（万元）").fill("8000")
    page.get_by_label("计划开工").fill("2025-03-01")
    page.get_by_label("计划竣工").fill("2026-12-31")
    page.get_by_label("数字化转型").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("stage")).to_have_text("谋划")
    url = page.url

    move(page, "reserve", "2025-01-10")
    expect(page.get_by_test_id("stage")).to_have_text("储备")
    move(page, "applied", "2025-02-01")
    expect(page.get_by_test_id("timeline")).to_contain_text("待确认")
    expect(page.get_by_test_id("stage")).to_have_text("储备")  # 申报 waits for 发改局

    confirm_as_coordinator(page, log_in, name)
    page.goto(url)
    expect(page.get_by_test_id("stage")).to_have_text("申报")
    move(page, "selected", "2025-05-20")
    confirm_as_coordinator(page, log_in, name)
    page.goto(url)
    expect(page.get_by_test_id("stage")).to_have_text("入选/下达")
    expect(page.get_by_test_id("timeline")).to_contain_text("确认：李协调")
