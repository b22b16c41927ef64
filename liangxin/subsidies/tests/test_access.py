"""What each role may do to an application, an import and a programme, in each state: the README's role
table written out, against allowed_actions, the refusals of require_action (which the domain functions
call) and the buttons the pages show."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from liangxin.accounts.models import Department, User
from liangxin.accounts.roles import Role
from liangxin.core.errors import Conflict
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, ImportJob, Programme
from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db

A = Application.Status
# README, 角色: the caseworker runs their department's programmes (files applications, imports, takes the
# first decision, sees whole personal data with a reason); the approver takes the second decision and
# edits their department's programmes; finance pays; an enterprise applies for itself. 补贴与以旧换新:
# flagged applications wait for a person, the caseworker, before the first decision; a returned
# application is corrected and filed again by whoever files applications.
REVIEW = {Role.CASEWORKER: ("first", {A.PENDING, A.FLAGGED}), Role.APPROVER: ("second", {A.FIRST_APPROVED})}
SEES_PERSONAL_DATA = {Role.CASEWORKER, Role.APPROVER}
FILES_APPLICATIONS = {Role.CASEWORKER, Role.ENTERPRISE}
SEES_IMPORTS = [Role.CASEWORKER, Role.APPROVER, Role.FINANCE, Role.COORDINATOR, Role.LEADER, Role.AUDITOR]


def someone(role: str, department: str | None = "swj", *more_roles: str) -> User:
    user = User.objects.create(
        username=f"t-{role}-{department}-{'-'.join(more_roles)}",
        department=Department.objects.get(code=department) if department else None,
        credit_code="91370900MA3C12345J" if role == Role.ENTERPRISE else "",
    )
    for code in (role, *more_roles):
        user.role_assignments.create(role=code)
    return user


def may_on_application(role: str, status: str) -> set[str]:
    found = set()
    if role in REVIEW and status in REVIEW[role][1]:
        found.add(REVIEW[role][0])
    if role in SEES_PERSONAL_DATA:
        found.add("reveal")
    if role in FILES_APPLICATIONS and status == A.RETURNED:
        found.add("resubmit")
    return found


def refused(user, obj, actions) -> set[str]:
    found = set()
    for action in actions:
        try:
            access.require_action(user, obj, action)
        except (PermissionDenied, Conflict):
            found.add(action)
    return found


@pytest.fixture
def appliance():
    return load()  # the swj's programme; equipment-2025 is the gxj's


@pytest.mark.parametrize("role", Role.values)
def test_each_role_may_do_to_an_application_what_the_readme_says(appliance, role):
    user = someone(role, None if role == Role.ENTERPRISE else "swj")
    for status in A.values:
        app = Application(programme=appliance, status=status)
        allowed = access.allowed_actions(user, app)
        assert allowed == may_on_application(role, status), (role, status)
        assert refused(user, app, access.APPLICATION_ACTIONS) == set(access.APPLICATION_ACTIONS) - allowed


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.APPROVER])
def test_staff_who_see_another_departments_applications_review_only_their_own(appliance, role):
    """本部门: holding a district-wide role as well, they see the swj's applications but review none."""
    user = someone(role, "gxj", Role.COORDINATOR)
    for status in A.values:
        app = Application(programme=appliance, status=status)
        assert not access.allowed_actions(user, app) & {"first", "second"}, status
    with pytest.raises(PermissionDenied, match="只能审核本部门主管项目的申请"):
        step, states = REVIEW[role]
        access.require_action(user, Application(programme=appliance, status=min(states)), step)


def _job(appliance, state: str) -> ImportJob:
    now = timezone.now()
    if state == "stalled":
        return ImportJob(programme=appliance, status="running", heartbeat_at=now - timedelta(minutes=5))
    return ImportJob(programme=appliance, status=state, heartbeat_at=now, error="缺少列：手机号")


def may_on_import(role: str, state: str) -> set[str]:
    """批量导入: an interrupted import is resumed by the caseworker who imports; a finished one's result is
    downloaded by whoever sees it, with whole personal data by the caseworker and the approver."""
    found = set()
    if state == "stalled" and role == Role.CASEWORKER:
        found.add("resume")
    if state == "done":
        found.add("result")
        if role in SEES_PERSONAL_DATA:
            found.add("whole_result")
    return found


@pytest.mark.parametrize("role", SEES_IMPORTS)
def test_each_role_may_do_to_an_import_what_the_readme_says(appliance, role):
    user = someone(role)
    for state in ("running", "stalled", "done", "failed"):
        job = _job(appliance, state)
        allowed = access.allowed_actions(user, job)
        assert allowed == may_on_import(role, state), (role, state)
        assert refused(user, job, access.IMPORT_ACTIONS) == set(access.IMPORT_ACTIONS) - allowed


@pytest.mark.parametrize("role", Role.values)
def test_only_the_programmes_own_approver_edits_it(appliance, role):
    user = someone(role, None if role == Role.ENTERPRISE else "swj")
    equipment = Programme.objects.get(code="equipment-2025")
    assert ("edit" in access.allowed_actions(user, appliance)) == (role == Role.APPROVER)
    assert "edit" not in access.allowed_actions(user, equipment)
    assert ("import" in access.allowed_actions(user, appliance)) == (role == Role.CASEWORKER)
    assert ("pay" in access.allowed_actions(user, appliance)) == (role == Role.FINANCE)


# --- the pages show what allowed_actions offers ----------------------------------------------------------


def shown(page) -> set[str]:
    assert page.status_code == 200
    return set(re.findall(r'data-action="([a-z_]+)"', page.content.decode()))


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("swj_caseworker", A.PENDING),
        ("swj_caseworker", A.FIRST_APPROVED),
        ("swj_approver", A.FIRST_APPROVED),
        ("swj_approver", A.APPROVED),
        ("leader", A.PENDING),
        ("czj_finance", A.APPROVED),
    ],
)
def test_the_application_page_shows_the_allowed_actions(login, appliance, username, status):
    app, _ = applications.submit(person("swj_clerk"), appliance, row())
    Application.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    page = login(username).get(f"/subsidies/applications/{app.public_id}/")
    assert shown(page) == access.allowed_actions(person(username), app)


@pytest.mark.parametrize(
    ("username", "state"),
    [
        ("swj_caseworker", "stalled"),
        ("swj_caseworker", "done"),
        ("swj_approver", "done"),
        ("leader", "done"),
        ("swj_caseworker", "running"),
    ],
)
def test_the_import_page_shows_the_allowed_actions(login, appliance, username, state):
    job = _job(appliance, state)
    job.file_name, job.sha256 = "零售商.csv", "a" * 64
    job.save()
    page = login(username).get(f"/subsidies/imports/{job.pk}/")
    assert shown(page) == access.allowed_actions(person(username), job)
