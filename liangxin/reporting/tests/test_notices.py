"""Reporting tells whom a change asks to act, in their notification centre: the reviewer of a sent
submission, the coordinator of an approved one, the reporters of a returned one, and the reporters of a
department reminded of the deadline (by the periodic task or by the coordinator)."""

from datetime import date

import pytest

from liangxin.accounts.models import User
from liangxin.notifications import channel_setup
from liangxin.notifications.models import Delivery, Notification
from liangxin.reporting import assignments, deadlines, workflow
from liangxin.reporting.tests.test_deadline_reminders import opened
from liangxin.reporting.tests.test_workflow import fill, user

pytestmark = pytest.mark.django_db
FORM = "/plans/taishan-2024/periods/2026-11/submissions/wjj/"


def received(username: str) -> list[tuple[str, str, str]]:
    return [(n.kind, n.text, n.url) for n in Notification.objects.filter(recipient=user(username))]


@pytest.fixture
def submission():
    period = opened(date(2026, 12, 5))
    submission = assignments.submission_for(period, user("wjj_reporter").department)
    fill(submission)
    return submission


def test_a_sent_submission_waits_for_the_departments_reviewer(submission):
    workflow.submit(user("wjj_reporter"), submission)
    assert received("wjj_reviewer") == [
        ("submission_waiting", "2026年11月卫健局的调度数据已报送，待审核", FORM)
    ]
    assert received("gxj_reviewer") == [] and received("fgj_coordinator") == []
    note = Notification.objects.get(recipient=user("wjj_reviewer"))
    assert (note.object_type, note.object_id) == ("reporting.submission", str(submission.pk))


def test_an_approved_submission_waits_for_the_coordinator(submission):
    workflow.submit(user("wjj_reporter"), submission)
    workflow.approve(user("wjj_reviewer"), submission)
    assert received("fgj_coordinator") == [
        ("submission_waiting", "2026年11月卫健局的调度数据已审核通过，待采纳", FORM)
    ]


def test_a_returned_submission_goes_back_to_the_departments_reporters(submission):
    workflow.submit(user("wjj_reporter"), submission)
    workflow.return_submission(user("wjj_reviewer"), submission, "数据有误")
    assert received("wjj_reporter") == [
        ("submission_returned", "2026年11月卫健局的调度数据被退回，请修改后重新报送", FORM)
    ]
    assert received("gxj_reporter") == []


def test_an_accepted_submission_asks_nobody(submission):
    workflow.submit(user("wjj_reporter"), submission)
    workflow.approve(user("wjj_reviewer"), submission)
    before = Notification.objects.count()
    workflow.accept(user("fgj_coordinator"), submission)
    assert Notification.objects.count() == before


def test_deadline_reminders_reach_the_reporters_of_the_departments_that_owe(settings):
    settings.REMIND_DAYS_BEFORE, settings.REMIND_DAYS_AFTER = {3}, set()
    period = opened(date(2026, 12, 5))
    deadlines.send(today=date(2026, 12, 2))
    text = "2026年11月的调度数据将于 2026年12月05日 截止报送，还有 3 天，请按时报送。"
    assert received("wjj_reporter") == [("deadline", text, FORM)]
    assert received("gxj_reporter")[0][:2] == ("deadline", text)
    assert received("wjj_reviewer") == []
    deadlines.send(today=date(2026, 12, 2))  # once, as the reminder itself
    assert len(received("wjj_reporter")) == 1
    assert Notification.objects.get(recipient=user("wjj_reporter")).object_id == str(period.pk)


def test_the_coordinators_reminder_reaches_the_reporters_too():
    period = opened(date(2026, 12, 5))
    workflow.remind(user("fgj_coordinator"), period, [user("wjj_reporter").department])
    assert received("wjj_reporter") == [
        ("deadline", "请尽快报送2026年11月的调度数据（报送期限 2026年12月05日）。", FORM)
    ]


def test_a_reminder_reaches_the_departments_group_even_without_reporter_accounts(
    django_capture_on_commit_callbacks,
):
    wjj = user("wjj_reporter").department
    channel = channel_setup.add(None, wjj, "email", "mailto:wjj@taishan.gov.cn")
    User.objects.filter(department=wjj).update(is_active=False)
    period = opened(date(2026, 12, 5))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remind(user("fgj_coordinator"), period, [wjj])
    assert not Notification.objects.filter(recipient__department=wjj).exists()
    assert [(d.channel, d.status) for d in Delivery.objects.all()] == [(channel, "sent")]
