"""Each role on each page and endpoint: allowed, denied by role (403), or outside scope (404)."""

import pytest

pytestmark = pytest.mark.django_db

PLAN = "/plans/taishan-2024"
READERS = [
    "fgj_coordinator",
    "leader",
    "wjj_reporter",
    "wjj_reviewer",
    "swj_caseworker",
    "swj_approver",
    "czj_finance",
    "auditor",
]
NON_READERS = ["admin", "security", "enterprise"]
ALL = READERS + NON_READERS

# (url, {username: status}); anyone not listed gets the default in the third element
PAGES = [
    ("/", {}, 200),
    ("/accounts/", {}, 200),
    (f"{PLAN}/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/tasks/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/tasks/8/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/policies/", dict.fromkeys(NON_READERS, 403), 200),
    (
        f"{PLAN}/departments/wjj/",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
    (
        f"{PLAN}/departments/swj/",
        dict.fromkeys(NON_READERS, 403) | {"wjj_reporter": 404, "wjj_reviewer": 404},
        200,
    ),
    ("/audit/", {"auditor": 200}, 403),
    ("/accounts/users/", {"admin": 200, "security": 200, "auditor": 200}, 403),
]

API = [
    ("/api/v1/me", {}, 200),
    ("/api/v1/plans", dict.fromkeys(NON_READERS, 403), 200),
    ("/api/v1/plans/taishan-2024", dict.fromkeys(NON_READERS, 403), 200),
    ("/api/v1/departments", dict.fromkeys(NON_READERS, 403), 200),
    (
        "/api/v1/departments/wjj",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
]


def cases(table):
    for url, overrides, default in table:
        for username in ALL:
            yield pytest.param(url, username, overrides.get(username, default), id=f"{username}:{url}")


@pytest.mark.parametrize(("url", "username", "status"), list(cases(PAGES)))
def test_page_access(login, url, username, status):
    assert login(username).get(url).status_code == status


@pytest.mark.parametrize(("url", "username", "status"), list(cases(API)))
def test_api_access_with_token(client, api_token, url, username, status):
    headers = api_token(username)
    client.logout()
    assert client.get(url, **headers).status_code == status


@pytest.mark.parametrize("url", [u for u, _, _ in PAGES])
def test_pages_ask_anonymous_users_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [u for u, _, _ in API])
def test_api_answers_401_to_anonymous_calls(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}


def test_denied_answers_carry_no_data(login):
    response = login("wjj_reporter").get(f"{PLAN}/departments/swj/")
    assert response.status_code == 404
    assert "区商务局" not in response.content.decode()


def test_reporter_sees_only_own_department_in_the_department_list(client, api_token):
    items = client.get("/api/v1/departments", **api_token("wjj_reporter")).json()["items"]
    assert [d["code"] for d in items] == ["wjj"]


def test_leader_sees_every_department(client, api_token):
    body = client.get("/api/v1/departments", **api_token("leader")).json()
    assert body["count"] == len(body["items"]) > 30
