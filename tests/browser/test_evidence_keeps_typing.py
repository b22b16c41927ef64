"""Attaching a file on the submission form keeps what was typed but not yet saved: the typed values are
posted with the file and saved as the draft (issue 11 D.3)."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = "/plans/taishan-2024/periods/2026-11/submissions/wjj/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def open_period(demo, settings, tmp_path):
    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.reporting import workflow

    settings.EVIDENCE_DIR = tmp_path / "evidence"
    coordinator = User.objects.get(username="fgj_coordinator")
    return workflow.open_period(
        coordinator, Plan.objects.get(code="taishan-2024"), "2026-11", date(2026, 12, 5)
    )


def test_typed_values_survive_an_attachment_upload(page, log_in, open_period):
    from liangxin.reporting.models import Narrative, ReportedValue

    log_in("wjj_reporter")
    page.goto(FORM)
    page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True).fill("250")
    page.locator("#problems-8").fill("设备招标周期较长")
    page.get_by_label("选择附件").set_input_files(
        files=[{"name": "验收单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传附件").click()

    expect(page.get_by_test_id("evidence")).to_contain_text("验收单.pdf")
    expect(page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True)).to_have_value("250")
    expect(page.locator("#problems-8")).to_have_value("设备招标周期较长")
    # saved, not only shown: a fresh load of the form shows them, and the database holds them
    page.goto(FORM)
    expect(page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True)).to_have_value("250")
    assert (
        ReportedValue.objects.get(
            submission__department__code="wjj", indicator__name="卫生健康领域医疗装备更新换代量"
        ).value
        == 250
    )
    assert (
        Narrative.objects.get(submission__department__code="wjj", task__number=8).problems
        == "设备招标周期较长"
    )


def test_an_upload_with_a_wrong_value_keeps_it_on_the_page(page, log_in, open_period):
    from liangxin.reporting.models import Evidence

    log_in("wjj_reporter")
    page.goto(FORM)
    page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True).fill("二百五十")
    page.get_by_label("选择附件").set_input_files(
        files=[{"name": "验收单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传附件").click()

    expect(page.get_by_test_id("problems")).to_be_visible()
    expect(page.get_by_label("卫生健康领域医疗装备更新换代量", exact=True)).to_have_value("二百五十")
    expect(page.locator(".alert-success")).to_have_count(0)
    assert not Evidence.objects.exists()
