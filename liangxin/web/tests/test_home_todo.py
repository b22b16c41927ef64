"""Every role's home page starts with its own work: the to-do list each app contributes (core.todo),
counted within the user's scope, on the demo data a fresh `liangxin demo` installs."""

from datetime import date

import pytest

from liangxin.accounts.models import User
from liangxin.core.tests.module_data import built_once
from liangxin.core.todo import todos_for
from liangxin.demo import subsidies as demo_subsidies
from liangxin.demo.reporting import install_history
from liangxin.plans.models import Plan
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's reporting history and subsidy data, once for the module."""
    yield from built_once(django_db_blocker, _install)


def _install():
    plan = Plan.objects.get(code="taishan-2024")
    install_history(plan)
    catalogue.load_file(catalogue.DEMO_FILE, plan)
    Programme.objects.update(open_until=date(2099, 12, 31))
    demo_subsidies.install_subsidy_demo()


def items(username: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for group in todos_for(User.objects.get(username=username)):
        for item in group.items:
            found.setdefault(item.code, []).append(item)
    return found


def counts(username: str) -> dict[str, int | None]:
    return {code: its[0].count for code, its in items(username).items()}


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- each role's own work, on the demo data -------------------------------------------------------------


def test_reporter_sees_the_open_period_its_deadline_status_and_form(demo, login):
    own = items("wjj_reporter")["own_report"]
    newest = own[0]
    assert newest.label == "2026年11月调度填报：请填报并报送"
    assert newest.detail == "本部门状态：未开始；报送期限 2026年12月5日"
    assert newest.url == "/plans/taishan-2024/periods/2026-11/submissions/wjj/"
    page = text(login("wjj_reporter").get("/"))
    assert page.index('data-testid="todo"') < page.index("本部门负责的任务")  # the work comes first
    assert 'href="/plans/taishan-2024/periods/2026-11/submissions/wjj/"' in page


def test_department_reviewer_sees_reports_waiting_for_approval(demo):
    # swj's October report was sent and waits for its reviewer; wjj's was accepted
    swj_reviewer = User.objects.create(username="swj_reviewer_t", department_id=_dept("swj"))
    swj_reviewer.role_assignments.create(role="reviewer")
    waiting = items("swj_reviewer_t")["to_approve"][0]
    assert (waiting.count, waiting.url) == (1, "/plans/taishan-2024/periods/2026-10/submissions/swj/")
    assert counts("wjj_reviewer")["to_approve"] == 0
    assert items("wjj_reviewer")["own_report"]  # and their own department's report of each open period


def test_coordinator_sees_reports_waiting_for_acceptance_and_overdue_departments(demo):
    found = items("fgj_coordinator")
    assert found["to_accept"][0].count == 1 and "工信局" in found["to_accept"][0].detail
    overdue = found["overdue_departments"][0]
    assert overdue.count == 2 and overdue.late
    assert overdue.detail == "住建局、生态环境分局"
    assert overdue.url == "/plans/taishan-2024/periods/2026-10/"


def test_caseworker_and_approver_counts_stay_within_their_department(demo):
    from liangxin.subsidies.access import applications_for
    from liangxin.subsidies.models import Application

    swj = User.objects.get(username="swj_caseworker")
    assert counts("swj_caseworker") == {
        "to_first": applications_for(swj).filter(status="pending").count(),
        "flagged": 2,
        "imports_running": 0,
    }
    assert counts("swj_caseworker")["to_first"] > 0
    # gxj's caseworker does not count the commerce bureau's appliance applications
    assert counts("gxj_caseworker")["to_first"] < Application.objects.filter(status="pending").count()
    assert counts("swj_approver") == {
        "to_second": applications_for(swj).filter(status="first_approved").count()
    }
    assert counts("swj_approver")["to_second"] > 0


def test_finance_sees_approved_unpaid_and_awaiting_the_bank(demo):
    found = counts("czj_finance")
    assert found["to_pay"] > 0 and found["awaiting_bank"] > 0


def test_enterprise_home_lists_its_applications_and_the_open_programme(demo, login):
    found = items("enterprise")
    assert found["own_applications"][0].count == 2
    assert found["open_programme"][0].url == "/subsidies/applications/new/equipment-2025/"
    page = text(login("enterprise").get("/"))
    assert "开放后" not in page  # it said applying was not open yet, while it was
    assert "本企业的申请" in page and "可申报：2025年工业企业技术改造设备购置补贴" in page


def test_administrators_see_their_own_work(demo):
    assert "never_logged_in" in counts("admin") and "locked" in counts("admin")
    assert counts("security")["accounts_new"] > 0  # the demo accounts were just made
    assert counts("auditor")["audit_recent"] > 0
    assert "to_first" not in counts("admin")  # 三员分立: no business data


def test_leader_sees_the_targets_needing_attention(demo):
    attention = items("leader")["attention"][0]
    assert attention.url == "/plans/taishan-2024/dashboard/"
    assert attention.count is not None


def test_every_demo_role_has_work_on_its_home_page(demo, login):
    from liangxin.web.tests.personas import USERNAMES

    for role, username in USERNAMES.items():
        page = text(login(username).get("/"))
        assert page.count('data-testid="todo-item"') > 0, role


# --- units ------------------------------------------------------------------------------------------------


def _dept(code: str) -> int:
    from liangxin.accounts.models import Department

    return Department.objects.get(code=code).pk


def test_a_report_is_late_when_sent_after_the_deadline_or_unsent_past_it():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from liangxin.reporting.models import Period, Submission
    from liangxin.reporting.queries import is_late

    period = Period(key="2026-10", deadline=date(2026, 11, 5))
    tz = ZoneInfo("Asia/Shanghai")
    sent = Submission(status="submitted", submitted_at=datetime(2026, 11, 5, 23, 30, tzinfo=tz))
    assert not is_late(period, sent, date(2026, 12, 1))  # the deadline's evening, district time
    sent.submitted_at = datetime(2026, 11, 6, 0, 10, tzinfo=tz)
    assert is_late(period, sent, date(2026, 11, 6))
    assert not is_late(period, None, date(2026, 11, 5))
    assert is_late(period, None, date(2026, 11, 6))
    returned = Submission(status="returned", submitted_at=datetime(2026, 11, 1, 9, tzinfo=tz))
    assert is_late(period, returned, date(2026, 11, 6))  # sent back and not sent again in time


def test_locked_accounts_are_those_at_the_failure_limit_within_the_cool_off():
    from axes.models import AccessAttempt
    from django.utils import timezone

    from liangxin.accounts.todo import locked_usernames

    AccessAttempt.objects.create(username="wjj_reporter", failures_since_start=5, ip_address="10.0.0.1")
    AccessAttempt.objects.create(username="leader", failures_since_start=2, ip_address="10.0.0.1")
    assert locked_usernames() == ["wjj_reporter"]
    assert locked_usernames(timezone.now() + timezone.timedelta(hours=1)) == []
    assert counts("security")["locked"] == 1


def test_a_role_with_nothing_of_an_app_gets_none_of_its_items():
    assert "subsidies" not in [g.code for g in todos_for(User.objects.get(username="wjj_reporter"))]
    assert [g.code for g in todos_for(User.objects.get(username="enterprise"))] == ["subsidies"]
