"""The coordinator writes the 通报's 五、存在问题 and 六、下步工作 on the period's page: prefilled from the
departments' narratives grouped by area, counted as typed, saved, then issued and fixed (issue 11 D.10)."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PERIOD = "/plans/taishan-2024/periods/2026-11/"


@pytest.fixture
def reported(demo):
    from liangxin.accounts.models import Department, User
    from liangxin.plans.models import Plan
    from liangxin.reporting import assignments, workflow

    plan = Plan.objects.get(code="taishan-2024")
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"), plan, "2026-11", date(2026, 12, 5)
    )
    department = Department.objects.get(code="swj")
    reporter = User.objects.get(username="swj_reporter")
    task = assignments.tasks_narrated_by(plan, department)[0]
    data = workflow.SubmissionInput()
    data.narratives[str(task.number)] = {
        "progress": "",
        "problems": "补贴资金拨付偏慢",
        "next_steps": "继续推进",
    }
    submission = assignments.submission_for(period, department)
    workflow.save_draft(reporter, submission, data)
    workflow.submit(reporter, submission)
    return period


def test_coordinator_edits_counts_saves_and_issues(page, log_in, reported):
    log_in("fgj_coordinator")
    page.goto(PERIOD)
    problems = page.get_by_label("五、存在问题")
    expect(problems).to_contain_text("商务局（任务")
    expect(page.get_by_label("六、下步工作")).not_to_contain_text("继续推进")
    problems.fill("一、资金拨付偏慢")
    expect(page.get_by_test_id("bulletin-draft")).to_contain_text("已输入 8 / 3000 字")
    page.get_by_role("button", name="保存通报草稿").click()
    expect(page.get_by_text("通报草稿已保存")).to_be_visible()
    expect(page.get_by_label("五、存在问题")).to_have_value("一、资金拨付偏慢")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="印发通报").click()
    expect(page.get_by_test_id("bulletin-problems")).to_contain_text("一、资金拨付偏慢")
    expect(page.get_by_label("五、存在问题")).to_have_count(0)
