"""Accounts in a real Chromium: a user changes their own password and stays signed in; the 系统管理员
creates an account, the 安全管理员 gives it its role, and the newcomer signs in."""

import pytest
from playwright.sync_api import expect

from liangxin.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

NEW = "Xinmima#2027"


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


def test_a_user_changes_their_password_and_stays_signed_in(page, log_in):
    log_in("wjj_reporter")
    page.goto("/accounts/")
    page.get_by_label("当前密码").fill("Wrong#pass1")
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_test_id("password-error")).to_contain_text("当前密码不正确")
    page.get_by_label("当前密码").fill(DEMO_PASSWORD)
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
    page.goto("/")
    expect(page.get_by_test_id("current-user")).to_be_visible()  # the session survived
    log_out(page)
    log_in("wjj_reporter", NEW)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_the_administrator_creates_an_account_and_security_gives_it_its_role(page, log_in):
    log_in("admin")
    page.get_by_role("button", name="系统", exact=True).click()  # the navigation's menu
    page.locator("nav.navbar").get_by_role("link", name="账号", exact=True).click()
    page.get_by_role("link", name="新增账号").click()
    page.get_by_label("用户名").fill("wjj_new")
    page.get_by_label("姓名").fill("新同事")
    page.get_by_label("部门").select_option("wjj")
    page.get_by_label("初始密码").fill("Chushi#2027")
    page.get_by_role("button", name="新增账号").click()
    expect(page.get_by_test_id("roles")).to_have_text("（尚未分配）")
    expect(page.get_by_role("button", name="停用账号")).to_be_visible()
    expect(page.get_by_role("button", name="保存角色")).to_have_count(0)
    log_out(page)

    log_in("security")
    page.goto("/accounts/users/wjj_new/")
    page.get_by_label("部门审核").check()
    page.get_by_label("审计管理员").check()
    page.get_by_role("button", name="保存角色").click()
    expect(page.get_by_test_id("roles-error")).to_contain_text("三员分立")
    page.get_by_label("审计管理员").uncheck()
    page.get_by_role("button", name="保存角色").click()
    expect(page.get_by_test_id("roles")).to_have_text("部门审核")
    log_out(page)

    log_in("wjj_new", "Chushi#2027")
    expect(page.get_by_test_id("current-user")).to_be_visible()
