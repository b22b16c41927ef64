"""Finance paying an approved application in a real Chromium: a batch built on the payouts page, reviewed
by a second finance officer who follows the bell's notice, the bank file downloaded and read back as
Excel, and the bank's result file uploaded."""

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APPLIANCE = "2025年家电以旧换新补贴"
ID_NUMBER = "370902199001011235"


@pytest.fixture
def approved(demo):
    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.subsidies.intake import applications
    from liangxin.subsidies.models import Programme
    from liangxin.subsidies.programmes import catalogue
    from liangxin.subsidies.review import decisions

    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
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
    clerk, caseworker = User.objects.get(username="swj_clerk"), User.objects.get(username="swj_caseworker")
    app, _ = applications.submit(clerk, Programme.objects.get(code="appliance-2025"), row)
    decisions.first_decision(caseworker, app, "approve", "材料齐全")
    return decisions.second_decision(User.objects.get(username="swj_approver"), app, "approve", "同意")


def test_build_batch_download_bank_file_and_upload_results(page, log_in, approved, tmp_path):
    from liangxin.subsidies.models import PayoutBatch

    log_in("czj_finance")
    page.goto("/subsidies/payouts/")
    ledger_row = page.get_by_test_id("ledger").get_by_role("row").filter(has_text=APPLIANCE)
    expect(ledger_row).to_contain_text("999.80")
    ledger_row.get_by_role("link", name="生成拨付批次").click()
    # confirmation first: the count, the total and whom it pays, nothing built yet
    expect(page.get_by_test_id("payout-count")).to_have_text("1")
    expect(page.get_by_test_id("payout-total")).to_have_text("999.80")
    expect(page.get_by_test_id("payees")).to_contain_text("泰山电器商城")
    expect(page.get_by_test_id("payees")).to_contain_text("中国工商银行泰安分行营业部")
    assert not PayoutBatch.objects.exists()
    page.get_by_role("button", name="确认生成").click()
    expect(page.get_by_text("共 1 笔。")).to_be_visible()
    # the batch's own page lists its applications by number
    expect(page.get_by_test_id("items")).to_contain_text(approved.number)
    expect(page.get_by_test_id("batch-total")).to_have_text("999.80")
    # built and reviewed by two people: no bank file until another finance officer approves it
    expect(page.get_by_test_id("review")).to_contain_text("本批次由您生成，请由另一位财政人员复核")
    expect(page.get_by_role("link", name="下载银行文件")).to_have_count(0)
    page.context.clear_cookies()
    log_in("czj_checker")
    page.get_by_test_id("bell").click()
    notice = page.get_by_test_id("notification").filter(has_text="待复核").filter(has_text="拨付批次")
    notice.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("items")).to_contain_text(approved.number)
    page.get_by_label("复核意见（退回时必填）").fill("收款方与金额核对无误")
    page.get_by_role("button", name="复核通过").click()
    expect(page.get_by_test_id("review")).to_contain_text("复核通过")
    expect(page.get_by_test_id("review")).to_contain_text("收款方与金额核对无误")

    with page.expect_download() as caught:
        page.get_by_role("link", name="下载银行文件").click()
    download = caught.value
    assert download.suggested_filename.endswith(".xlsx") and "拨付批次" in download.suggested_filename
    bank_file = tmp_path / download.suggested_filename
    download.save_as(bank_file)
    workbook = load_workbook(bank_file, read_only=True)
    rows = list(workbook["拨付清单"].iter_rows(values_only=True))
    assert rows[0] == (
        "序号", "收款方户名", "证件号码/统一社会信用代码", "开户银行", "收款账号", "金额（元）", "笔数", "申请编号"
    )  # fmt: skip
    # the trade-in discount was given at the till: the shop is repaid, to its own account at its bank
    assert rows[1:] == [
        (
            1,
            "泰山电器商城",
            "91370900MA3C00000P",
            "中国工商银行泰安分行营业部",
            "16060202400000000",
            999.8,
            1,
            approved.number,
        )
    ]
    assert ID_NUMBER not in str(rows)

    result = Workbook()
    result.active.append(["申请编号", "结果", "备注"])
    result.active.append([approved.number, "成功", "已入账"])
    result_file = tmp_path / "银行回单.xlsx"
    result.save(result_file)
    page.get_by_label("银行回单").set_input_files(result_file)
    page.get_by_role("button", name="导入银行回单").click()

    expect(page.get_by_text("记为已拨付 1 笔")).to_be_visible()
    expect(page.locator(".alert-danger")).to_have_count(0)
    expect(page.get_by_test_id("items")).to_contain_text("已拨付")
    page.goto("/subsidies/payouts/")
    expect(ledger_row.get_by_text("相符")).to_be_visible()
    approved.refresh_from_db()
    assert approved.status == "paid"
