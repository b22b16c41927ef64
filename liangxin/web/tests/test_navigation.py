"""The navigation offers the API documentation only to those who use the API (a live token), and the
documentation page leads back into the site."""

import pytest

from liangxin.accounts.actions import issue_token, revoke_token
from liangxin.accounts.models import User

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
