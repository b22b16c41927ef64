"""The reporting pages: open a period, fill and submit, approve, return with a comment, accept."""

from datetime import date

import pytest

from liangxin.accounts.models import User
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, workflow
from liangxin.reporting.models import Reminder, Submission

pytestmark = pytest.mark.django_db

PERIODS = "/plans/taishan-2024/periods"
FORM = f"{PERIODS}/2026-11/submissions/wjj/"


@pytest.fixture
def period():
    return workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )


def status():
    return Submission.objects.get(department__code="wjj").status


def test_coordinator_opens_a_period_from_the_page(login):
    client = login("fgj_coordinator")
    response = client.post(f"{PERIODS}/open/", {"period": "2026-11", "deadline": "2026-12-05"}, follow=True)
    page = response.content.decode()
    assert "已开启2026年11月的填报期" in page and "区卫生健康局" in page
    bad = client.post(f"{PERIODS}/open/", {"period": "11月", "deadline": "2026-12-05"}, follow=True)
    assert "格式无效" in bad.content.decode()


def test_reporter_cannot_open_periods(login):
    response = login("wjj_reporter").post(f"{PERIODS}/open/", {"period": "2026-11", "deadline": "2026-12-05"})
    assert response.status_code == 403


def test_fill_submit_approve_return_fix_accept(login, period):
    reporter = login("wjj_reporter")
    form = reporter.get(FORM).content.decode()
    assert "卫生健康领域医疗装备更新换代量" in form and "任务 8. 提升医疗卫生服务能力" in form
    reporter.post(
        FORM, {"action": "save", "value-t08-medical-equipment-renewal": "250", "progress-8": "更新CT两台"}
    )
    reporter.post(
        FORM, {"action": "submit", "value-t08-medical-equipment-renewal": "250", "progress-8": "更新CT两台"}
    )
    assert status() == "submitted"
    login("wjj_reviewer").post(FORM, {"action": "approve"})
    assert status() == "approved"
    login("fgj_coordinator").post(FORM, {"action": "return", "comment": "请补充信息化设施数量"})
    assert status() == "returned"
    page = login("wjj_reporter").get(FORM).content.decode()
    assert "请补充信息化设施数量" in page
    reporter.post(
        FORM,
        {
            "action": "submit",
            "value-t08-medical-equipment-renewal": "250",
            "value-t08-health-it-facility-renewal": "210",
        },
    )
    login("wjj_reviewer").post(FORM, {"action": "approve"})
    login("fgj_coordinator").post(FORM, {"action": "accept"})
    assert status() == "accepted"
    versions = login("leader").get(f"{FORM}versions/").content.decode()
    assert "请补充信息化设施数量" in versions and "卫生健康领域信息化设施更新换代量 数值" in versions


def test_a_bad_value_keeps_everything_typed(login, period):
    client = login("wjj_reporter")
    response = client.post(
        FORM,
        {
            "action": "save",
            "value-t08-medical-equipment-renewal": "二百五",
            "value-t08-health-it-facility-renewal": "180",
            "problems-8": "设备招标流标一次",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "卫生健康领域医疗装备更新换代量：数值“二百五”不是数值" in page
    assert 'value="二百五"' in page and 'value="180"' in page and "设备招标流标一次" in page
    assert not Submission.objects.get(department__code="wjj").values.exists()


def test_actions_depend_on_role_and_status(login, period):
    login("wjj_reporter").get(FORM)
    assert login("wjj_reviewer").post(FORM, {"action": "approve"}).status_code == 403
    assert login("leader").post(FORM, {"action": "save"}).status_code == 403
    assert login("gxj_reporter").get(FORM).status_code == 404


def test_overdue_departments_and_reminders(login, period, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 6))
    client = login("fgj_coordinator")
    page = client.get(f"{PERIODS}/2026-11/").content.decode()
    assert "逾期未报送" in page and "卫健局" in page
    client.post(f"{PERIODS}/2026-11/remind/")
    assert Reminder.objects.filter(department__code="wjj").exists()
    reporter_view = login("wjj_reporter").get(f"{PERIODS}/").content.decode()
    assert "请尽快报送2026年11月的调度数据" in reporter_view


def test_reporter_sees_only_own_row_on_the_board(login, period):
    page = login("wjj_reporter").get(f"{PERIODS}/2026-11/").content.decode()
    board = page[page.index('data-testid="board"') :]
    assert "区卫生健康局" in board and "区工业和信息化局" not in board


def test_overdue_department_sees_an_automatic_reminder_on_the_home_page(login, period, monkeypatch):
    from django.utils import timezone

    assert "overdue-notice" not in login("wjj_reporter").get("/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 6))
    page = login("wjj_reporter").get("/").content.decode()
    assert "区卫生健康局2026年11月的调度数据已超过报送期限" in page
    reporter = User.objects.get(username="wjj_reporter")
    sub = assignments.submission_for(period, reporter.department)
    workflow.submit(reporter, sub)
    assert "overdue-notice" not in login("wjj_reporter").get("/").content.decode()
