"""The accounts list: found by login name, full name, department or role, with page links."""

import pytest

from liangxin.accounts import scope
from liangxin.accounts.models import Department, RoleAssignment, User

pytestmark = pytest.mark.django_db


def names(q=None, role=None):
    admin = User.objects.get(username="admin")
    return set(scope.find_users(scope.users_for(admin), q, role).values_list("username", flat=True))


def test_users_are_found_by_name_department_or_role():
    assert names("吴经办") == {"swj_caseworker"}
    assert names("SWJ_case") == {"swj_caseworker"}
    swj = Department.objects.get(code="swj")
    assert names(swj.short_name) == set(
        User.objects.filter(department=swj).values_list("username", flat=True)
    )
    assert names("swj") >= {"swj_reporter", "swj_caseworker", "swj_approver"}
    assert names(role="approver") == {"gxj_approver", "nyncj_approver", "swj_approver"}
    assert names("swj", "approver") == {"swj_approver"}
    assert names("没有这个人") == set()


def test_the_page_searches_and_pages(login):
    swj = Department.objects.get(code="swj")
    for i in range(55):
        user = User.objects.create(username=f"swj_extra{i:02}", full_name=f"经办{i:02}", department=swj)
        RoleAssignment.objects.create(user=user, role="caseworker")
    client = login("security")
    html = client.get("/accounts/users/", {"role": "caseworker", "q": "swj"}).content.decode()
    caseworkers = User.objects.filter(department=swj, role_assignments__role="caseworker").count()
    assert (
        caseworkers > 50
        and f"共 {caseworkers} 个 · 第 1/2 页" in html
        and 'href="?role=caseworker&amp;q=swj&amp;page=2"' in html
    )
    found = client.get("/accounts/users/", {"q": "吴经办"}).content.decode()
    assert "共 1 个" in found and "swj_caseworker" in found and "swj_extra" not in found
