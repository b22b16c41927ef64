"""Every write to accounts goes through these functions: transaction, validation, audit entry."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import ApiToken, Department, RoleAssignment, User
from liangxin.accounts.roles import ADMINISTRATOR_ROLES, Role
from liangxin.audit import chain
from liangxin.core.errors import Invalid
from liangxin.core.identifiers import IdentifierInvalid
from liangxin.core.identifiers import credit_code as checked


class AccountError(Invalid):
    pass


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
        raise AccountError(f"未知角色：{'、'.join(unknown)}（可选：{'、'.join(Role.values)}）")
    if not roles:
        raise AccountError("至少指定一个角色")
    if ADMINISTRATOR_ROLES & set(roles) and len(set(roles)) > 1:
        raise AccountError("三员分立：系统管理员、安全管理员、审计管理员不能兼任其他角色")
    if department is None and set(roles) != {Role.ENTERPRISE}:
        raise AccountError("除企业用户外，账号必须属于一个部门")


def _check_credit_code(roles: list[str], credit_code: str) -> str:
    if Role.ENTERPRISE not in roles:
        if credit_code:
            raise AccountError("只有企业用户登记统一社会信用代码")
        return ""
    if not credit_code:
        raise AccountError("企业用户须登记本企业的统一社会信用代码")
    try:
        return checked(credit_code)
    except IdentifierInvalid as exc:
        raise AccountError(str(exc)) from exc


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
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户名 {username} 已存在")
    department = None
    if department_code:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            raise AccountError(f"部门代码 {department_code} 不存在")
    _check_roles(roles, department)
    credit_code = _check_credit_code(roles, credit_code)
    user = User(username=username, full_name=full_name, department=department, credit_code=credit_code)
    try:
        validate_password(password, user)
    except Exception as exc:
        raise AccountError("；".join(getattr(exc, "messages", [str(exc)]))) from exc
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
