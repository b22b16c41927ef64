"""An enterprise applying for the equipment subsidy through the web form in a real Chromium: a wrong
统一社会信用代码 is named beside its field with everything typed kept, and once corrected the application is
taken in with its amount."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = "/subsidies/applications/new/equipment-2025/"
WRONG_CODE = "91370900MA3C12345K"  # the check character should be J
RIGHT_CODE = "91370900MA3C12345J"
LINES = [
    ("数控加工中心", "VMC-850", "2", "24372000000000100001", "1,200,000.00"),
    ("工业机器人", "ER20", "1", "24372000000000100002", "800000.00"),
]


@pytest.fixture
def loaded(demo):
    from liangxin.plans.models import Plan
    from liangxin.subsidies.programmes import catalogue

    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))


def fill_line(page, number: int, values) -> None:
    for label, value in zip(("设备名称", "规格型号", "数量", "发票号码", "发票金额"), values, strict=True):
        page.get_by_label(f"第 {number} 行{label}", exact=True).fill(value)


def test_wrong_credit_code_is_named_and_kept_then_corrected(page, log_in, loaded):
    log_in("enterprise")
    page.goto(FORM)
    expect(page.get_by_role("heading", level=1)).to_have_text("新建申请：2025年工业企业技术改造设备购置补贴")
    page.get_by_label("企业名称").fill("泰山示范机械有限公司")
    page.get_by_label("统一社会信用代码").fill(WRONG_CODE)
    page.get_by_label("手机号").fill("13905381234")
    page.get_by_label("开户银行").fill("中国工商银行泰安分行")
    page.get_by_label("收款账号").fill("1606 0234 0920 0123 456")
    for number, values in enumerate(LINES, start=1):
        fill_line(page, number, values)
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_test_id("form-problems")).to_be_visible()
    code = page.get_by_label("统一社会信用代码")
    expect(code).to_have_class(re.compile(r"\bis-invalid\b"))
    beside = page.locator("#f-credit_code + .invalid-feedback")
    expect(beside).to_be_visible()
    expect(beside).to_have_text("统一社会信用代码校验位不正确")
    expect(page.locator(".invalid-feedback:visible")).to_have_count(1)  # only the wrong field
    expect(code).to_have_value(WRONG_CODE)
    expect(page.get_by_label("企业名称")).to_have_value("泰山示范机械有限公司")
    expect(page.get_by_label("收款账号")).to_have_value("1606 0234 0920 0123 456")
    expect(page.get_by_label("第 2 行设备名称", exact=True)).to_have_value("工业机器人")
    expect(page.get_by_label("第 1 行发票金额", exact=True)).to_have_value("1,200,000.00")

    code.fill(RIGHT_CODE)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/subsidies/applications/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("申请已受理，补贴金额 200000.00 元。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("待初审")
    expect(page.locator("dd", has_text="200,000 元")).to_be_visible()

    from liangxin.subsidies.models import Application

    app = Application.objects.get()
    assert app.credit_code == RIGHT_CODE and app.created_by.username == "enterprise"
    assert list(app.lines.values_list("name", flat=True)) == ["数控加工中心", "工业机器人"]


SIX = [(f"设备{n}", "", "1", f"243720000000002000{n:02d}", "10000") for n in range(1, 7)]


def test_a_sixth_row_is_added_one_removed_and_an_invoice_attached(page, log_in, loaded, tmp_path, settings):
    settings.EVIDENCE_DIR = tmp_path
    log_in("enterprise")
    page.goto(FORM)
    page.get_by_label("企业名称").fill("泰山示范机械有限公司")
    page.get_by_label("统一社会信用代码").fill(RIGHT_CODE)
    page.get_by_label("手机号").fill("13905381234")
    page.get_by_label("开户银行").fill("中国工商银行泰安分行")
    page.get_by_label("收款账号").fill("1606 0234 0920 0123 456")
    rows = page.locator('[data-testid="lines"] tbody tr')
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="添加一行设备").click()
    page.get_by_role("button", name="添加一行设备").click()
    expect(rows).to_have_count(7)
    page.get_by_role("button", name="删除第 7 行").click()
    expect(rows).to_have_count(6)
    for number, values in enumerate(SIX, start=1):
        fill_line(page, number, values)
    scan = tmp_path / "发票.pdf"
    scan.write_bytes(b"%PDF-1.4 a scanned invoice")
    page.get_by_label("发票扫描件").set_input_files(str(scan))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/subsidies/applications/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("invoices")).to_contain_text("发票.pdf")

    from liangxin.subsidies.models import Application

    app = Application.objects.get()
    assert list(app.lines.values_list("name", flat=True)) == [f"设备{n}" for n in range(1, 7)]
    assert [i.original_name for i in app.invoices.all()] == ["发票.pdf"]
