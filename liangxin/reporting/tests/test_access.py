"""What each role may do to a submission, a period and a plan's periods, in each state: the README's role
table and workflow written out, against allowed_actions, the refusals of require_action (which the
workflow's functions call) and the buttons the pages show."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import Role
from liangxin.plans.models import Plan
from liangxin.reporting import access, assignments, workflow
from liangxin.reporting.models import Evidence, Period, Submission

pytestmark = pytest.mark.django_db

FILL = {"save", "submit", "add_evidence", "remove_evidence"}
# README, 角色 and 调度填报与监测: the reporter fills in, uploads and sends their department's report and
# attachments; the reviewer approves or returns their department's; the coordinator accepts or returns
# any department's. 草稿 → 已报送 → 部门已审核 → 已采纳, and any step may be returned with a comment.
MAY = {
    Role.REPORTER: {"draft": FILL, "returned": FILL},
    Role.REVIEWER: {"submitted": {"approve", "return"}},
    Role.COORDINATOR: {"approved": {"accept", "return"}},
}
OWN_DEPARTMENT_ONLY = {Role.REPORTER, Role.REVIEWER}  # 本部门
EVERY_ACTION = FILL | {"approve", "accept", "return"}


def person(role: str, department: str | None = "wjj") -> User:
    user = User.objects.create(
        username=f"t-{role}-{department}",
        department=Department.objects.get(code=department) if department else None,
    )
    user.role_assignments.create(role=role)
    return user


def submission(status: str, department: str = "wjj", period_open: bool = True) -> Submission:
    period = Period(key="2026-11", status=Period.Status.OPEN if period_open else Period.Status.CLOSED)
    return Submission(period=period, department=Department.objects.get(code=department), status=status)


def expected(role: str, status: str, own: bool, period_open: bool) -> set[str]:
    if not period_open:  # 填报期关闭后只读
        return set()
    if role in OWN_DEPARTMENT_ONLY and not own:
        return set()
    return MAY.get(role, {}).get(status, set())


def _refused(user, obj, action) -> bool:
    try:
        access.require_action(user, obj, action)
    except (PermissionDenied, workflow.WorkflowError):
        return True
    return False


@pytest.mark.parametrize("role", Role.values)
def test_each_role_may_do_to_a_submission_what_the_readme_says(role):
    user = person(role, None if role == Role.ENTERPRISE else "wjj")
    for status in Submission.Status.values:
        for department in ("wjj", "gxj"):
            for period_open in (True, False):
                obj = submission(status, department, period_open)
                own = user.department_id == obj.department_id
                case = (role, status, department, period_open)
                assert access.allowed_actions(user, obj) == expected(role, status, own, period_open), case
                # the workflow refuses exactly what is not offered
                refused = {a for a in EVERY_ACTION if _refused(user, obj, a)}
                assert refused == EVERY_ACTION - access.allowed_actions(user, obj), case


@pytest.mark.parametrize("role", Role.values)
def test_only_the_coordinator_opens_closes_and_reminds(role):
    user = person(role)
    manages = role == Role.COORDINATOR  # 开启、关闭填报期，发送提醒、调度消息
    plan = Plan.objects.get(code="taishan-2024")
    assert access.allowed_actions(user, plan) == ({"open_period"} if manages else set())
    for status in Period.Status.values:
        period = Period(plan=plan, key="2026-11", status=status)
        may = manages and status == Period.Status.OPEN
        # the 通报's wording is written while the period is open and after it is closed, until issued
        bulletin = {"edit_bulletin", "issue_bulletin"} if manages else set()
        assert (
            access.allowed_actions(user, period)
            == ({"close", "remind", "dispatch"} if may else set()) | bulletin
        )
        assert {a for a in ("close", "remind", "dispatch") if _refused(user, period, a)} == (
            set() if may else {"close", "remind", "dispatch"}
        )


def test_a_reviewer_who_submitted_is_offered_the_approval_and_refused_it_as_before():
    """Separation of duties is the workflow's rule, not a role's: the approval is offered, and refused
    with the reason on trying."""
    both = person(Role.REPORTER)
    both.role_assignments.create(role=Role.REVIEWER)
    plan = Plan.objects.get(code="taishan-2024")
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"), plan, "2026-11", date(2026, 12, 5)
    )
    sub = assignments.submission_for(period, both.department)
    workflow.submit(both, sub)
    sub.refresh_from_db()
    assert access.allowed_actions(both, sub) == {"approve", "return"}
    with pytest.raises(workflow.WorkflowError, match="不能审核通过自己报送的填报"):
        workflow.approve(both, sub)


# --- the pages show what allowed_actions offers ----------------------------------------------------------

PLAN = "/plans/taishan-2024"
FORM = f"{PLAN}/periods/2026-11/submissions/wjj/"


def shown(page) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', page.content.decode()))


@pytest.fixture
def period():
    plan = Plan.objects.get(code="taishan-2024")
    return workflow.open_period(
        User.objects.get(username="fgj_coordinator"), plan, "2026-11", date(2026, 12, 5)
    )


@pytest.fixture
def wjj(period):
    found = assignments.submission_for(period, Department.objects.get(code="wjj"))
    Evidence.objects.create(  # so that a delete button can show
        submission=found, original_name="a.pdf", stored_name="x.pdf", kind="pdf", size=1, sha256="0" * 64
    )
    return found


def _at(wjj, status):
    Submission.objects.filter(pk=wjj.pk).update(status=status)
    return Submission.objects.select_related("period", "department").get(pk=wjj.pk)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("wjj_reporter", "draft"),
        ("wjj_reporter", "submitted"),
        ("wjj_reviewer", "submitted"),
        ("fgj_coordinator", "approved"),
        ("fgj_coordinator", "submitted"),
        ("leader", "approved"),
    ],
)
def test_the_submission_page_shows_the_allowed_actions(login, wjj, username, status):
    sub = _at(wjj, status)
    page = login(username).get(FORM)
    assert page.status_code == 200
    assert shown(page) == access.allowed_actions(User.objects.get(username=username), sub)


@pytest.mark.parametrize("username", ["fgj_coordinator", "wjj_reporter", "leader"])
def test_the_period_pages_show_the_allowed_actions(login, period, monkeypatch, username):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 6))  # departments are overdue
    user = User.objects.get(username=username)
    assert shown(login(username).get(f"{PLAN}/periods/")) == access.allowed_actions(user, period.plan)
    assert shown(login(username).get(f"{PLAN}/periods/2026-11/")) == access.allowed_actions(user, period)
