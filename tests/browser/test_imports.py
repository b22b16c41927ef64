"""A caseworker importing a retailer's file in a real Chromium: the programme's template downloaded from the
imports page, filled in, uploaded, and the refused rows' reasons read on the import's page."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

APPLIANCE = "2025年家电以旧换新补贴"


@pytest.fixture
def programme(demo, settings, tmp_path):
    from liangxin.plans.models import Plan
    from liangxin.subsidies.programmes import catalogue

    settings.IMPORT_DIR = tmp_path / "imports"
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))


def test_template_filled_uploaded_and_refused_rows_shown(page, log_in, programme, tmp_path):
    from liangxin.subsidies.tests.test_imports import rows

    log_in("swj_caseworker")
    page.goto("/subsidies/imports/")
    templates = page.get_by_test_id("import-templates")
    with page.expect_download() as download:
        templates.locator("span", has_text=APPLIANCE).get_by_role("link", name="XLSX").click()
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path)
    assert len(workbook.worksheets[0].data_validations.dataValidation) == 2  # 品类 and 能效等级 lists
    for row in rows(3, bad={1}):
        workbook.worksheets[0].append(row)
    workbook.save(path)
    page.get_by_label("补贴项目").select_option(label=APPLIANCE)
    page.get_by_label("导入文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已完成")
    expect(page.get_by_test_id("import-rows")).to_have_text("已处理 3 / 3 行（100%）")
    refused = page.get_by_test_id("import-refused")
    expect(refused.get_by_role("row").filter(has_text="身份证号")).to_contain_text("3")
    expect(refused).to_contain_text("身份证号校验位不正确")
