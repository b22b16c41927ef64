"""Browsing the Taishan plan in a real Chromium: what a bureau reporter and the district leader see, and
what they must not see. Run with `make test-browser` (pytest -m browser)."""

import re

import pytest
from playwright.sync_api import Page, expect

from liangxin.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PLAN = "/plans/taishan-2024"
LX_RED = "rgb(179, 38, 30)"  # --lx-red in liangxin.css
GREETING = re.compile(r"^(早上好|中午好|下午好|晚上好)，")

TASK_8_TEXT = (
    "推动优质医疗资源提质扩容，加快医疗卫生机构装备和信息化设施迭代升级，鼓励具备条件的医疗机构更新改造"
    "医学影像、放射治疗、远程诊疗、手术机器人等医疗装备。加快医疗机构病房改造提升，补齐病房环境与设施短板。"
    "实施村卫生室改造提升行动，全面优化村卫生室硬件配备。到2025年，卫生健康领域医疗装备更新换代量累计达到"
    "228台（套）；信息化设施更新换代量累计达到200台（套）。到2027年，卫生健康领域医疗装备更新换代量累计达到"
    "428（套）；信息化设施更新换代量累计达到309台（套）；实施医疗机构病房改造提升项目1个。"
)
TASK_8_INDICATORS = [
    "卫生健康领域医疗装备更新换代量",
    "卫生健康领域信息化设施更新换代量",
    "医疗机构病房改造提升项目",
]
EQUIPMENT_SOURCE = "到2025年，卫生健康领域医疗装备更新换代量累计达到228台（套）；"

WJJ_TASKS = {8: "提升医疗卫生服务能力", 23: "注重项目谋划储备", 25: "实行清单管理制度"}
SWJ_TASKS = [9, 10, 11, 15, 16, 17, 21, 24]
GXJ_TASKS = [1, 2, 3, 4, 9, 12, 13, 14, 18, 20, 23, 24, 25]
POLICIES = [
    ("总体工作方案", "1", "大规模设备更新和消费品以旧换新工作方案", "区发展和改革局"),
    ("分领域工作方案", "1", "工业领域设备更新工作方案", "区工业和信息化局"),
    ("分领域工作方案", "2", "建筑和市政领域设备更新工作方案", "区住房和城乡建设局、区综合行政执法局"),
    ("分领域工作方案", "3", "农业农村领域设备更新工作方案", "区农业农村局"),
    ("分领域工作方案", "4", "交通运输领域设备更新工作方案", "区交通运输局"),
    ("分领域工作方案", "5", "教育领域设备更新工作方案", "区教育和体育局"),
    ("分领域工作方案", "6", "文旅领域设备更新工作方案", "区文化和旅游局"),
    ("分领域工作方案", "7", "医疗领域设备更新工作方案", "区卫生健康局"),
    ("分领域工作方案", "8", "消费品以旧换新工作方案", "区商务局"),
]


def nav_link(page: Page, label: str):
    return page.locator("nav.navbar").get_by_role("link", name=label, exact=True)


def expect_task_rows(page: Page, numbers: list[int]):
    """Wait until the task table shows exactly these tasks, in this order (htmx swaps it in place)."""
    rows = page.locator("#task-table tbody tr")
    expect(rows).to_have_count(len(numbers))
    for row, number in zip(rows.all(), numbers, strict=True):
        expect(row.locator("td").first).to_have_text(str(number))


def test_styles_and_scripts_are_served(page: Page, log_in):
    static: dict[str, int] = {}  # first answer per URL: a fresh context has nothing cached yet
    page.on("response", lambda r: static.setdefault(r.url, r.status) if "/static/" in r.url else None)
    log_in("wjj_reporter")
    assert sorted(url.rsplit("/", 1)[1] for url in static) == [
        "bootstrap.bundle.min.js",
        "bootstrap.min.css",
        "htmx.min.js",
        "liangxin.css",
    ]
    assert set(static.values()) == {200}, static
    expect(page.locator("nav.navbar")).to_have_css("background-color", LX_RED)
    assert page.evaluate("typeof window.htmx") == "object"


def test_reporter_sees_own_bureau(page: Page, log_in, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))

    page.get_by_label("用户名", exact=True).fill("wjj_reporter")
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    # Home page: greeting with name and bureau, the bureau's own tasks.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("greeting")).to_have_text(GREETING)
    expect(page.get_by_test_id("greeting")).to_contain_text("张填报（区卫生健康局）")
    expect(page.get_by_test_id("current-user")).to_have_text("张填报 · 卫健局")
    own = page.locator(".card", has=page.get_by_text("本部门负责的任务"))
    expect(own.locator(".card-header")).to_contain_text("本部门负责的任务（3 项）")
    expect(own.locator("#task-table tbody tr")).to_have_count(3)
    for number, title in WJJ_TASKS.items():
        row = own.locator("#task-table tbody tr", has=page.get_by_role("link", name=title, exact=True))
        expect(row.locator("td").first).to_have_text(str(number))
        expect(row).to_contain_text("卫健局")
    screenshot(page, "home-wjj_reporter")

    # 我的任务: the bureau's targets, each beside the sentence of the plan it comes from.
    nav_link(page, "我的任务").click()
    expect(page).to_have_url(re.compile(rf"{PLAN}/departments/wjj/$"))
    expect(page.locator("h1")).to_contain_text("区卫生健康局")
    expect_task_rows(page, list(WJJ_TASKS))
    indicators = page.get_by_test_id("indicator-table")
    name = page.locator("div.fw-semibold", has_text=re.compile("^卫生健康领域医疗装备更新换代量$"))
    first = indicators.locator("tbody tr", has=name)
    second = first.locator("xpath=following-sibling::tr[1]")
    expect(first).to_contain_text("任务 8")
    expect(first).to_contain_text("2025年")
    expect(first.get_by_test_id("target")).to_contain_text("≥228 台（套）")
    expect(first.locator(".source")).to_have_text(EQUIPMENT_SOURCE)
    expect(second.get_by_test_id("target")).to_contain_text("≥428 台（套）")
    expect(second).to_contain_text("2027年")

    # Task 8: the full paragraph and its indicators.
    page.locator("#task-table").get_by_role("link", name="提升医疗卫生服务能力").click()
    expect(page).to_have_url(re.compile(rf"{PLAN}/tasks/8/$"))
    expect(page.locator("h1")).to_have_text("8. 提升医疗卫生服务能力")
    expect(page.locator(".task-text")).to_have_text(TASK_8_TEXT)
    expect(page.locator(".card-body", has_text="责任单位")).to_contain_text("区卫生健康局")
    names = page.get_by_test_id("indicator-table").locator("td div.fw-semibold")
    expect(names).to_have_text(TASK_8_INDICATORS)
    expect(page.get_by_test_id("target")).to_contain_text(
        ["≥228 台（套）", "≥428 台（套）", "≥200 台（套）", "≥309 台（套）"]
    )

    # Another bureau's page is not there for a reporter: a 404, none of its data.
    response = page.goto(f"{PLAN}/departments/gxj/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("区工业和信息化局")
    expect(page.get_by_test_id("indicator-table")).to_have_count(0)


def test_leader_sees_everything(page: Page, log_in, screenshot):
    log_in("leader")
    expect(page.get_by_test_id("current-user")).to_contain_text("王区长")

    # All 25 tasks.
    nav_link(page, "重点任务").click()
    expect(page).to_have_url(re.compile(rf"{PLAN}/tasks/$"))
    expect_task_rows(page, list(range(1, 26)))
    screenshot(page, "tasks-leader")

    # Filter by area (htmx swaps the table and pushes the URL).
    page.get_by_label("篇章").select_option(label="（四）实施优势产品供需对接工程")
    expect_task_rows(page, [12, 13, 14])
    expect(page).to_have_url(re.compile(r"section=4"))
    expect(page.locator("#task-table")).to_contain_text("着力提升先进产能占比")

    # Back to all areas, then filter by lead department.
    page.get_by_label("篇章").select_option(label="全部篇章")
    expect_task_rows(page, list(range(1, 26)))
    page.get_by_label("责任单位").select_option(label="区商务局")
    expect_task_rows(page, SWJ_TASKS)
    expect(page).to_have_url(re.compile(r"department=swj"))
    for row in page.locator("#task-table tbody tr").all():
        expect(row.locator(".badge-dept", has_text=re.compile("^商务局$"))).to_have_count(1)

    # The filtered URL is a real page too (reload keeps the filter).
    page.reload()
    expect_task_rows(page, SWJ_TASKS)
    expect(page.get_by_label("责任单位")).to_have_value("swj")

    # Any department's page.
    for code, name, numbers in (
        ("wjj", "区卫生健康局", list(WJJ_TASKS)),
        ("gxj", "区工业和信息化局", GXJ_TASKS),
    ):
        response = page.goto(f"{PLAN}/departments/{code}/")
        assert response is not None and response.status == 200
        expect(page.locator("h1")).to_contain_text(name)
        expect_task_rows(page, numbers)
        expect(page.locator(".stat").first).to_have_text(str(len(numbers)))
    expect(page.get_by_test_id("indicator-table")).to_contain_text("装备制造业营业收入")

    # The "1+N" policy list: 1 overall plan and 8 sector plans.
    nav_link(page, "政策清单").click()
    expect(page).to_have_url(re.compile(rf"{PLAN}/policies/$"))
    expect(page.locator("h2")).to_have_text("“1+N”政策清单")
    table = page.get_by_test_id("policy-table")
    expect(table.locator("tbody tr.table-light")).to_have_text(["总体工作方案", "分领域工作方案"])
    rows = table.locator("tbody tr:not(.table-light)")
    expect(rows).to_have_count(len(POLICIES))
    for row, (_, number, name, leads) in zip(rows.all(), POLICIES, strict=True):
        expect(row.locator("td")).to_have_text([number, name, leads])


def test_wrong_password_stays_on_login(page: Page, log_in):
    log_in("wjj_reporter", "wrong-password-1")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label("用户名", exact=True)).to_have_value("wjj_reporter")
    expect(page.get_by_label("密码", exact=True)).to_have_value("")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    response = page.goto("/tasks/")
    assert response is not None
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/tasks/$"))
