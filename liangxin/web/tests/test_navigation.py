"""The navigation offers the API documentation only to those who use the API (a live token), and the
documentation page leads back into the site."""

import pytest
from django.test import RequestFactory

from liangxin.accounts.actions import issue_token, revoke_token
from liangxin.accounts.models import User
from liangxin.web.context import navigation

pytestmark = pytest.mark.django_db

DOCS_LINK = 'href="/api/v1/docs"'


def nav(page: str) -> str:
    return page[page.index("<nav") : page.index("</nav>")]


@pytest.mark.parametrize("username", ["leader", "enterprise", "wjj_reporter", "admin"])
def test_no_api_docs_in_the_navigation_without_a_token(login, username):
    assert DOCS_LINK not in nav(login(username).get("/").content.decode())


def test_a_token_holder_finds_the_docs_in_the_navigation_until_it_is_revoked(login):
    user = User.objects.get(username="swj_caseworker")
    issue_token(user)
    client = login("swj_caseworker")
    assert DOCS_LINK in nav(client.get("/").content.decode())
    revoke_token(user, user.api_tokens.get().pk)
    assert DOCS_LINK not in nav(client.get("/").content.decode())


def test_the_account_page_leads_to_the_docs_for_everyone(login):
    page = login("enterprise").get("/accounts/").content.decode()
    assert 'data-testid="api-docs-link"' in page and DOCS_LINK in page


def test_the_docs_page_leads_back_to_the_site(login):
    page = login("swj_caseworker").get("/api/v1/docs").content.decode()
    back = page[page.index('data-testid="api-docs-back"') :]
    assert 'href="/"' in back and "返回两新平台" in back
    assert "swagger-ui-bundle.js" in page  # still the interactive documentation


def bar_of(username: str, path: str = "/") -> list[dict]:
    request = RequestFactory().get(path)
    request.user = User.objects.get(username=username)
    return navigation(request)["nav_items"]


def test_the_bar_groups_the_records_the_subsidies_and_the_system_pages_into_menus():
    bar = {item["label"]: item for item in bar_of("fgj_coordinator", "/lists/matches/")}
    assert list(bar)[:6] == ["首页", "驾驶舱", "重点任务", "政策清单", "我的任务", "调度填报"]
    records = bar["项目与清单"]
    assert [link["label"] for link in records["links"]] == [
        "项目库",
        "两优清单",
        "两新清单",
        "供需对接",
        "对接和促销活动",
        "企业与单位",
    ]
    assert records["active"] and [link["label"] for link in records["links"] if link["active"]] == [
        "供需对接"
    ]
    assert not bar["补贴"]["active"]


def test_a_menu_of_one_page_is_that_page_on_the_bar(login):
    assert [(i["label"], i["url"], "links" in i) for i in bar_of("security")] == [
        ("账号", "/accounts/users/", False)  # 系统 holds only this page for the security officer
    ]
    html = nav(login("security").get("/accounts/users/").content.decode())
    assert '<a class="nav-link text-nowrap active" href="/accounts/users/"' in html and "dropdown" not in html
    system = {item["label"]: item for item in bar_of("fgj_coordinator")}["系统"]
    assert [link["url"] for link in system["links"]] == ["/queue/", "/notifications/channels/"]
