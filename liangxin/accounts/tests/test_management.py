"""Accounts in the web UI and the API: one's own password, and 三员 account management (the 系统管理员
creates, disables and enables accounts, the 安全管理员 assigns roles), with the command line's password
policy, 三员 rules and audit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from liangxin.accounts import access, actions
from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Xinmima#2027"


def person(name) -> User:
    return User.objects.get(username=name)


def signed_in(username: str) -> Client:
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302
    )
    return client


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


# --- one's own password ---------------------------------------------------------------------------------


def test_a_user_changes_their_password_on_the_account_page_and_stays_signed_in():
    client = signed_in("wjj_reporter")
    page = client.get("/accounts/").content.decode()
    assert "修改密码" in page and 'name="current_password"' in page
    changed = client.post(
        "/accounts/password/",
        {"current_password": DEMO_PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert changed.status_code == 302
    assert "密码已修改" in client.get("/accounts/").content.decode()  # the same session, still signed in
    assert person("wjj_reporter").check_password(NEW)
    assert last("password.change").actor_name == "wjj_reporter"
    assert Client().post("/accounts/login/", {"username": "wjj_reporter", "password": NEW}).status_code == 302


def test_a_wrong_current_password_is_refused_and_audited_and_the_policy_applies():
    client = signed_in("wjj_reporter")
    failures = AuditEntry.objects.filter(action="password.change.failure").count()
    wrong = client.post(
        "/accounts/password/",
        {"current_password": "Wrong#pass1", "new_password": NEW, "confirm_password": NEW},
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.content.decode()
    entry = last("password.change.failure")
    assert AuditEntry.objects.filter(action="password.change.failure").count() == failures + 1
    assert entry.result == "failure" and entry.actor_name == "wjj_reporter"
    simple = client.post(
        "/accounts/password/",
        {"current_password": DEMO_PASSWORD, "new_password": "abcdefgh", "confirm_password": "abcdefgh"},
    )
    assert simple.status_code == 400 and "至少 3 类" in simple.content.decode()
    mismatch = client.post(
        "/accounts/password/",
        {"current_password": DEMO_PASSWORD, "new_password": NEW, "confirm_password": NEW + "x"},
    )
    assert mismatch.status_code == 400 and "两次输入的新密码不一致" in mismatch.content.decode()
    assert person("wjj_reporter").check_password(DEMO_PASSWORD)
    assert not AuditEntry.objects.filter(action="password.change", object_id=str(person("wjj_reporter").pk))


def test_the_api_changes_one_s_own_password(client, api_token):
    headers = api_token("leader")
    wrong = client.post(
        "/api/v1/me/password",
        {"current_password": "Wrong#pass1", "new_password": NEW},
        content_type="application/json",
        **headers,
    )
    assert wrong.status_code == 422 and wrong.json()["detail"] == "当前密码不正确"
    assert last("password.change.failure").actor_name == "leader"
    done = client.post(
        "/api/v1/me/password",
        {"current_password": DEMO_PASSWORD, "new_password": NEW},
        content_type="application/json",
        **headers,
    )
    assert done.status_code == 204 and person("leader").check_password(NEW)


# --- account management: who may do what ---------------------------------------------------------------


def test_the_administrator_creates_an_account_that_holds_no_role_until_security_assigns_one():
    admin = signed_in("admin")
    assert 'data-action="create"' in admin.get("/accounts/users/").content.decode()
    form = {"username": "wjj_new", "full_name": "新同事", "department": "wjj", "password": "Chushi#2027"}
    assert admin.post("/accounts/users/new/", form).status_code == 302
    created = person("wjj_new")
    assert created.department.code == "wjj" and created.role_codes == frozenset()
    assert created.check_password("Chushi#2027")
    entry = last("user.create")
    assert entry.actor_name == "admin" and entry.after["username"] == "wjj_new" and entry.after["roles"] == []
    page = admin.get("/accounts/users/wjj_new/").content.decode()
    assert "（尚未分配）" in page and 'data-action="disable"' in page and 'data-action="roles"' not in page
    newcomer = Client()
    assert (
        newcomer.post("/accounts/login/", {"username": "wjj_new", "password": "Chushi#2027"}).status_code
        == 302
    )
    assert "尚未分配，请联系安全管理员分配角色" in newcomer.get("/").content.decode()

    security = signed_in("security")
    page = security.get("/accounts/users/wjj_new/").content.decode()
    assert 'data-action="roles"' in page and 'data-action="disable"' not in page
    assert security.post("/accounts/users/wjj_new/roles/", {"roles": ["reporter"]}).status_code == 302
    assert person("wjj_new").role_codes == {"reporter"}
    entry = last("user.roles")
    assert entry.actor_name == "security"
    assert (entry.before["roles"], entry.after["roles"]) == ([], ["reporter"])
    assert "区卫生健康局" in newcomer.get("/").content.decode()  # the plan, now that it has a role


def test_the_same_password_policy_and_identity_checks_as_the_command_line():
    admin = signed_in("admin")
    weak = admin.post(
        "/accounts/users/new/", {"username": "weak", "department": "wjj", "password": "password"}
    )
    assert weak.status_code == 400 and "至少 3 类" in weak.content.decode()
    taken = admin.post(
        "/accounts/users/new/", {"username": "wjj_reporter", "department": "wjj", "password": "Chushi#2027"}
    )
    assert taken.status_code == 400 and "用户名 wjj_reporter 已存在" in taken.content.decode()
    nowhere = admin.post("/accounts/users/new/", {"username": "nobody", "password": "Chushi#2027"})
    assert nowhere.status_code == 400 and "请选择部门" in nowhere.content.decode()
    assert 'value="nobody"' in nowhere.content.decode()  # what was typed is kept
    assert not User.objects.filter(username__in=["weak", "nobody"]).exists()


def test_three_administrators_rules_when_roles_are_assigned():
    security = signed_in("security")
    both = security.post("/accounts/users/wjj_reporter/roles/", {"roles": ["auditor", "reporter"]})
    assert both.status_code == 400 and "三员分立" in both.content.decode()
    assert person("wjj_reporter").role_codes == {"reporter"}
    none = security.post("/accounts/users/wjj_reporter/roles/", {})
    assert none.status_code == 400 and "至少指定一个角色" in none.content.decode()
    enterprise = security.post("/accounts/users/wjj_reporter/roles/", {"roles": ["enterprise"]})
    assert enterprise.status_code == 400 and "统一社会信用代码" in enterprise.content.decode()
    assert (
        security.post("/accounts/users/wjj_reporter/roles/", {"roles": ["reporter", "reviewer"]}).status_code
        == 302
    )
    assert person("wjj_reporter").role_codes == {"reporter", "reviewer"}


def test_each_administrator_does_only_their_own_part_and_never_to_their_own_account():
    target = person("wjj_reporter")
    with pytest.raises(PermissionDenied, match="只有安全管理员可以分配角色"):
        actions.set_roles(person("admin"), target, ["reviewer"])
    with pytest.raises(PermissionDenied, match="只有系统管理员"):
        actions.set_active(person("security"), target, False)
    with pytest.raises(PermissionDenied, match="只有系统管理员"):
        actions.create_account(person("security"), "x1", "Chushi#2027", department_code="wjj")
    assert access.allowed_actions(person("auditor"), target) == frozenset()
    assert access.allowed_actions(person("admin"), target) == {"disable"}
    assert access.allowed_actions(person("security"), target) == {"roles"}
    with pytest.raises(PermissionDenied, match="自己的账号"):
        actions.set_roles(person("security"), person("security"), ["security", "auditor"])
    with pytest.raises(PermissionDenied, match="自己的账号"):
        actions.set_active(person("admin"), person("admin"), False)
    assert (
        signed_in("admin").post("/accounts/users/wjj_reporter/roles/", {"roles": ["reviewer"]}).status_code
        == 403
    )
    assert signed_in("security").post("/accounts/users/wjj_reporter/disable/").status_code == 403
    assert signed_in("auditor").get("/accounts/users/new/").status_code == 403
    assert signed_in("wjj_reporter").get("/accounts/users/new/").status_code == 403
    assert person("wjj_reporter").role_codes == {"reporter"} and person("wjj_reporter").is_active


def test_a_disabled_account_is_signed_out_everywhere_and_can_be_enabled_again(api_token):
    user = signed_in("wjj_reporter")
    token = api_token("wjj_reporter")
    admin = signed_in("admin")
    assert admin.post("/accounts/users/wjj_reporter/disable/").status_code == 302
    assert not person("wjj_reporter").is_active
    assert user.get("/accounts/").status_code == 302  # the open session is over
    assert Client().get("/api/v1/me", **token).status_code == 401
    assert (
        Client().post("/accounts/login/", {"username": "wjj_reporter", "password": DEMO_PASSWORD}).status_code
        == 200
    )
    entry = last("user.disable")
    assert entry.actor_name == "admin" and entry.before["is_active"] and not entry.after["is_active"]
    assert admin.post("/accounts/users/wjj_reporter/disable/").status_code == 409  # already disabled
    assert admin.post("/accounts/users/wjj_reporter/enable/").status_code == 302
    assert person("wjj_reporter").is_active and last("user.enable").actor_name == "admin"


def test_the_api_manages_accounts_by_the_same_rules(client, api_token):
    admin, security = api_token("admin"), api_token("security")
    body = {"username": "swj_new", "password": "Chushi#2027", "department": "swj", "full_name": "新经办"}
    created = client.post("/api/v1/users", body, content_type="application/json", **admin)
    assert created.status_code == 201 and created.json()["roles"] == [] and created.json()["is_active"]
    again = client.post("/api/v1/users", body, content_type="application/json", **admin)
    assert again.status_code == 422 and "已存在" in again.json()["detail"]
    assert client.post("/api/v1/users", body, content_type="application/json", **security).status_code == 403
    url = "/api/v1/users/swj_new/roles"
    refused = client.put(url, {"roles": ["admin", "caseworker"]}, content_type="application/json", **security)
    assert refused.status_code == 422 and "三员分立" in refused.json()["detail"]
    assert (
        client.put(url, {"roles": ["caseworker"]}, content_type="application/json", **admin).status_code
        == 403
    )
    given = client.put(url, {"roles": ["caseworker"]}, content_type="application/json", **security)
    assert given.status_code == 200 and given.json()["roles"] == ["caseworker"]
    assert client.post("/api/v1/users/swj_new/disable", **security).status_code == 403
    disabled = client.post("/api/v1/users/swj_new/disable", **admin)
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    assert client.post("/api/v1/users/nobody/enable", **admin).status_code == 404
    assert client.post("/api/v1/users/swj_new/enable", **api_token("wjj_reporter")).status_code == 403
