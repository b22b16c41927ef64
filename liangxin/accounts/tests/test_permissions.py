"""Each role on each page and endpoint: allowed, denied by role (403), or outside scope (404)."""

import pytest

pytestmark = pytest.mark.django_db

PLAN = "/plans/taishan-2024"
SUBMISSION = f"{PLAN}/periods/2026-11/submissions/wjj/"
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
    ("/audit/1/", {"auditor": 200}, 403),
    (f"{PLAN}/dashboard/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/dashboard.xlsx", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/indicators/t08-medical-equipment-renewal/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/periods/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{PLAN}/periods/2026-11/", dict.fromkeys(NON_READERS, 403), 200),
    (f"{SUBMISSION}", dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404}, 200),
    (
        f"{SUBMISSION}form.xlsx",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
    (
        f"{SUBMISSION}versions/",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
    (
        f"{PLAN}/periods/2026-11/report.docx",
        dict.fromkeys(NON_READERS + ["wjj_reporter", "wjj_reviewer", "swj_caseworker", "swj_approver"], 403),
        200,
    ),
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
    ("/api/v1/plans/taishan-2024/periods", dict.fromkeys(NON_READERS, 403), 200),
    ("/api/v1/plans/taishan-2024/status?as_of=2026-11-28", dict.fromkeys(NON_READERS, 403), 200),
    (
        "/api/v1/plans/taishan-2024/periods/2026-11/submissions/wjj",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
    (
        "/api/v1/plans/taishan-2024/periods/2026-11/submissions/wjj/evidence",
        dict.fromkeys(NON_READERS, 403) | {"swj_caseworker": 404, "swj_approver": 404},
        200,
    ),
]


@pytest.fixture(autouse=True)
def open_period():
    from datetime import date

    from liangxin.accounts.models import User
    from liangxin.plans.models import Plan
    from liangxin.reporting.workflow import open_period

    open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )


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


def test_lists_are_paginated_with_limit_and_offset(client, api_token):
    headers = api_token("leader")
    first = client.get("/api/v1/departments?limit=5", **headers).json()
    second = client.get("/api/v1/departments?limit=5&offset=5", **headers).json()
    assert len(first["items"]) == len(second["items"]) == 5
    assert first["count"] == second["count"] > 10
    assert not {d["code"] for d in first["items"]} & {d["code"] for d in second["items"]}
