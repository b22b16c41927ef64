"""Every write to accounts goes through these functions: transaction, validation, audit entry."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.accounts import access
from liangxin.accounts.models import ApiToken, Department, RoleAssignment, User
from liangxin.accounts.roles import ADMINISTRATOR_ROLES, Role
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.identifiers import IdentifierInvalid
from liangxin.core.identifiers import credit_code as checked


class AccountError(Invalid):
    """A refusal of account data, with the field it concerns where there is one (the pages show it there,
    the API lists it; the command line prints the message)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, [FieldProblem(field, message)] if field else [])


def user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "department": user.department.code if user.department else None,
        "credit_code": user.credit_code,
        "roles": sorted(user.role_assignments.values_list("role", flat=True)),
        "is_active": user.is_active,
    }


def _check_roles(roles: list[str], department: Department | None) -> None:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise AccountError(f"未知角色：{'、'.join(unknown)}（可选：{'、'.join(Role.values)}）", "roles")
    if not roles:
        raise AccountError("至少指定一个角色", "roles")
    if ADMINISTRATOR_ROLES & set(roles) and len(set(roles)) > 1:
        raise AccountError("三员分立：系统管理员、安全管理员、审计管理员不能兼任其他角色", "roles")
    if department is None and set(roles) != {Role.ENTERPRISE}:
        raise AccountError("除企业用户外，账号必须属于一个部门", "department")


def _check_credit_code(roles: list[str], credit_code: str) -> str:
    if Role.ENTERPRISE not in roles:
        if credit_code:
            raise AccountError("只有企业用户登记统一社会信用代码", "credit_code")
        return ""
    if not credit_code:
        raise AccountError("企业用户须登记本企业的统一社会信用代码", "credit_code")
    try:
        return checked(credit_code)
    except IdentifierInvalid as exc:
        raise AccountError(str(exc), "credit_code") from exc


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise AccountError("请填写用户名", "username")
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise AccountError("用户名只能由字母、数字和 @ . + - _ 组成", "username") from exc
    if len(username) > 150:
        raise AccountError("用户名不能超过 150 个字符", "username")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户名 {username} 已存在", "username")
    return username


def _department(code: str | None) -> Department | None:
    if not code:
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise AccountError(f"部门代码 {code} 不存在", "department")
    return department


def _check_password(password: str, user: User, field: str = "password") -> None:
    """The password policy (liangxin/accounts/passwords.py and Django's validators), the same everywhere."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("；".join(exc.messages), field) from exc


@transaction.atomic
def create_user(
    username: str,
    password: str,
    *,
    department_code: str | None,
    roles: list[str],
    full_name: str = "",
    credit_code: str = "",
) -> User:
    username = _check_username(username)
    department = _department(department_code)
    _check_roles(roles, department)
    credit_code = _check_credit_code(roles, credit_code)
    user = User(username=username, full_name=full_name, department=department, credit_code=credit_code)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in sorted(set(roles))])
    chain.record("user.create", obj=user, after=user_snapshot(user))
    return user


@transaction.atomic
def issue_token(user: User) -> str:
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(raw),
        hint=raw[:8],
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    chain.record("token.create", obj=token)
    return raw


def uses_api(user: User) -> bool:
    """Whether the user works with the API: holds a token that is neither revoked nor expired. The
    navigation offers the API documentation to them only; anyone finds it from their account page, where
    tokens are made."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).exists()


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_token(user: User, token_id: int) -> bool:
    token = (
        ApiToken.objects.select_for_update().filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    )
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    chain.record("token.revoke", obj=token)
    return True


def revoke_raw_token(raw: str) -> bool:
    token = ApiToken.objects.filter(digest=ApiToken.digest_of(raw)).first()
    return token is not None and revoke_token(token.user, token.pk)


# --- accounts managed in the web UI and the API: the same checks and audit as the command line ----------


@transaction.atomic
def create_account(
    actor: User,
    username: str,
    password: str,
    *,
    department_code: str | None,
    full_name: str = "",
    credit_code: str = "",
) -> User:
    """A new account, by the 系统管理员: who it is (department, or an enterprise's credit code) and its first
    password, under the same policy as `liangxin user add`. It holds no role, and so may do nothing, until
    the 安全管理员 assigns its roles (`set_roles`)."""
    access.require_create(actor)
    username = _check_username(username)
    department = _department(department_code)
    credit_code = (credit_code or "").strip()
    if credit_code:
        try:
            credit_code = checked(credit_code)
        except IdentifierInvalid as exc:
            raise AccountError(str(exc), "credit_code") from exc
    elif department is None:
        raise AccountError("请选择部门；企业账号请填写统一社会信用代码", "department")
    user = User(username=username, full_name=(full_name or "").strip()[:50], department=department)
    user.credit_code = credit_code
    _check_password(password, user)
    user.set_password(password)
    user.save()
    chain.record("user.create", obj=user, after=user_snapshot(user))
    return user


@transaction.atomic
def set_active(actor: User, account: User, active: bool) -> User:
    """Disable (its sessions and tokens stop working at once) or enable an account: the 系统管理员."""
    account = User.objects.select_for_update().get(pk=account.pk)
    access.require_action(actor, account, "enable" if active else "disable")
    before = user_snapshot(account)
    account.is_active = active
    account.save(update_fields=["is_active"])
    chain.record(
        "user.enable" if active else "user.disable", obj=account, before=before, after=user_snapshot(account)
    )
    return account


@transaction.atomic
def set_roles(actor: User, account: User, roles: list[str]) -> User:
    """Assign an account's roles: the 安全管理员, under the same 三员 and enterprise rules as creation."""
    account = User.objects.select_for_update().get(pk=account.pk)
    access.require_action(actor, account, "roles")
    roles = sorted(set(roles))
    _check_roles(roles, account.department)
    if Role.ENTERPRISE in roles and not account.credit_code:
        raise AccountError("企业用户须登记本企业的统一社会信用代码，该账号未登记，不能授予企业角色", "roles")
    if Role.ENTERPRISE not in roles and account.credit_code:
        raise AccountError("该账号登记了统一社会信用代码，是企业账号，只能持有企业角色", "roles")
    before = user_snapshot(account)
    if before["roles"] == roles:
        return account
    account.role_assignments.exclude(role__in=roles).delete()
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=account, role=r) for r in roles if r not in before["roles"]]
    )
    account._role_codes = None
    chain.record("user.roles", obj=account, before=before, after=user_snapshot(account))
    return account


def change_password(user: User, current: str, new: str, confirm: str | None = None) -> User:
    """One's own password: the current one first (a wrong one is audited as a failure), then the policy."""
    if not user.check_password(current or ""):
        with transaction.atomic():
            chain.record("password.change.failure", obj=user, result="failure")
        raise AccountError("当前密码不正确", "current_password")
    if confirm is not None and new != confirm:
        raise AccountError("两次输入的新密码不一致", "confirm_password")
    if new == current:
        raise AccountError("新密码不能与当前密码相同", "new_password")
    _check_password(new, user, "new_password")
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        chain.record("password.change", obj=user)
    return user
