"""Login security: lock-out, password policy, session lifetime, Argon2, CSRF, tokens."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from liangxin.accounts.middleware import LOGIN_AT
from liangxin.accounts.models import ApiToken, User
from liangxin.audit.models import AuditEntry
from liangxin.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "用户名或密码错误。"
LOCKED = "登录失败次数过多，该账号已锁定 15 分钟，请稍后再试。"


def web_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def api_login(client, username, password):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_web_login_lands_on_home_with_department(client):
    response = web_login(client, "wjj_reporter", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "区卫生健康局" in page and "张填报" in page


@pytest.mark.parametrize("username", ["wjj_reporter", "no_such_user"])
def test_wrong_password_and_unknown_user_get_the_same_answer(client, username):
    response = web_login(client, username, "Wrong#pass1")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    api = api_login(client, username, "Wrong#pass1")
    assert (api.status_code, api.json()) == (401, {"detail": WRONG})


@pytest.mark.parametrize("username", ["wjj_reporter", "no_such_user"])
def test_five_failures_lock_the_account_for_15_minutes(client, username):
    for _ in range(5):
        web_login(client, username, "Wrong#pass1")
    locked = web_login(client, username, DEMO_PASSWORD)
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    api = api_login(client, username, DEMO_PASSWORD)
    assert (api.status_code, api.json()) == (429, {"detail": LOCKED})
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_api_failures_count_towards_the_same_lock(client):
    for _ in range(5):
        api_login(client, "gxj_reporter", "Wrong#pass1")
    assert web_login(client, "gxj_reporter", DEMO_PASSWORD).status_code == 429


def test_lock_is_per_account(client):
    for _ in range(5):
        web_login(client, "gxj_reporter", "Wrong#pass1")
    assert web_login(client, "wjj_reporter", DEMO_PASSWORD).status_code == 302


def test_lock_expires_after_cool_off(client, settings):
    from datetime import timedelta

    for _ in range(5):
        web_login(client, "wjj_reviewer", "Wrong#pass1")
    assert web_login(client, "wjj_reviewer", DEMO_PASSWORD).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    assert web_login(client, "wjj_reviewer", DEMO_PASSWORD).status_code == 302


def test_logins_and_failures_are_audited(client):
    before = AuditEntry.objects.count()
    web_login(client, "wjj_reporter", "Wrong#pass1")
    web_login(client, "wjj_reporter", DEMO_PASSWORD)
    entries = list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))
    assert [(e.action, e.result, e.object_repr) for e in entries] == [
        ("login.failure", "failure", "wjj_reporter"),
        ("login.success", "success", "张填报"),
    ]
    assert entries[0].client_ip == "127.0.0.1"
    assert "Wrong#pass1" not in str(entries[0].before) + str(entries[0].after)


@pytest.mark.parametrize(
    "password", ["Short#1", "alllowercase1", "ALLUPPER#", "NoDigitsOrSymbols", "12345678!"]
)
def test_password_policy_rejects_weak_passwords(password):
    from liangxin.accounts.actions import AccountError, create_user

    with pytest.raises(AccountError, match="三类|至少 8 位"):
        create_user("newbie", password, department_code="wjj", roles=["reporter"])
    assert not User.objects.filter(username="newbie").exists()


def test_password_policy_accepts_three_classes():
    from liangxin.accounts.actions import create_user

    user = create_user("newbie", "Taishan2024x", department_code="wjj", roles=["reporter"])
    assert user.check_password("Taishan2024x")


def test_production_settings_hash_with_argon2():
    import liangxin.settings as production

    assert production.PASSWORD_HASHERS == ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    hasher = Argon2PasswordHasher()
    assert hasher.encode("Taishan2024x", hasher.salt()).startswith("argon2$argon2id$")


def test_idle_sessions_expire_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_older_than_12_hours_is_ended(login):
    client = login("leader")
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert client.get("/").status_code == 302


def test_csrf_is_enforced_on_login_and_forms():
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post("/accounts/login/", {"username": "leader", "password": DEMO_PASSWORD}).status_code == 403
    )
    strict.force_login(User.objects.get(username="leader"))
    assert strict.post("/accounts/tokens/").status_code == 403
    assert strict.post("/accounts/logout/").status_code == 403


def test_api_session_writes_need_csrf_but_bearer_calls_do_not(client, api_token):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="leader"))
    assert strict.delete("/api/v1/auth/token").status_code == 403
    headers = api_token("leader")
    assert Client(enforce_csrf_checks=True).delete("/api/v1/auth/token", **headers).status_code == 204


def test_a_spent_bearer_token_is_answered_401_not_a_csrf_refusal(client, api_token):
    """A client calling with a token never meets the CSRF check: revoking twice, or writing with an expired
    token, is "not logged in" (401), while a browser session without its CSRF token is still refused."""
    headers = api_token("leader")
    api = Client(enforce_csrf_checks=True)
    assert api.delete("/api/v1/auth/token", **headers).status_code == 204
    again = api.delete("/api/v1/auth/token", **headers)
    assert again.status_code == 401 and again.json()["detail"] == "未登录或令牌无效"
    bogus = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    assert api.post("/api/v1/me/password", {}, content_type="application/json", **bogus).status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username="leader"))
    refused = browser.delete("/api/v1/auth/token")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]


def test_token_can_be_revoked_and_is_stored_only_as_a_digest(client, api_token):
    headers = api_token("wjj_reporter")
    raw = headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert ApiToken.objects.filter(digest=ApiToken.digest_of(raw)).exists()
    client.logout()
    assert client.get("/api/v1/me", **headers).json()["username"] == "wjj_reporter"
    assert client.delete("/api/v1/auth/token", **headers).status_code == 204
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_token_revoked_from_the_account_page(login):
    client = login("wjj_reporter")
    refused = client.post("/accounts/tokens/", {"password": "wrong"})
    assert refused.status_code == 400 and not ApiToken.objects.filter(user__username="wjj_reporter").exists()
    page = client.post("/accounts/tokens/", {"password": DEMO_PASSWORD}).content.decode()
    token = ApiToken.objects.get(user__username="wjj_reporter")
    assert token.hint in page and 'data-testid="new-token"' in page
    assert not any(token.hint in str(v) for v in client.session.values())
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not token.active


def test_expired_token_is_refused(client, api_token):
    from django.utils import timezone

    headers = api_token("leader")
    ApiToken.objects.update(expires_at=timezone.now())
    client.logout()
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_inactive_user_cannot_use_a_token(client, api_token):
    headers = api_token("leader")
    User.objects.filter(username="leader").update(is_active=False)
    client.logout()
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_me_reports_roles_and_permissions(client, api_token):
    body = client.get("/api/v1/me", **api_token("wjj_reporter")).json()
    assert body["department"]["name"] == "区卫生健康局"
    assert body["roles"] == ["reporter"]
    assert "plan.view" in body["permissions"] and "audit.view" not in body["permissions"]
