from datetime import datetime

from ninja import Router, Schema, Status

from liangxin.accounts import access, actions, api_auth, scope
from liangxin.accounts.models import Department, User
from liangxin.core.errors import NotFound
from liangxin.core.schemas import ErrorOut, Page, page

router = Router(tags=["账号"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


class DepartmentOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None

    @staticmethod
    def from_model(d: Department) -> "DepartmentOut":
        return DepartmentOut(
            code=d.code,
            name=d.name,
            short_name=d.short_name,
            kind=d.kind,
            parent=d.parent.code if d.parent_id else None,
        )


class MeOut(Schema):
    username: str
    full_name: str
    department: DepartmentOut | None
    roles: list[str]
    permissions: list[str]


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="用用户名和密码换取 Bearer 令牌",
)
def create_token(request, body: TokenIn):
    token = api_auth.token_for_password(request, body.username, body.password)
    return Status(200, {"token": token.raw, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None, 400: ErrorOut}, summary="吊销当前使用的令牌")
def revoke_token(request):
    api_auth.revoke_calling_token(request)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "department": DepartmentOut.from_model(user.department) if user.department else None,
        "roles": sorted(user.role_codes),
        "permissions": sorted(p for p in scope.PERMISSIONS if scope.has_perm(user, p)),
    }


@router.get("/departments", response=Page[DepartmentOut], summary="部门（按数据范围）")
def departments(request, limit: int = 100, offset: int = 0):
    found = page(scope.departments_for(request.user).select_related("parent"), limit, offset)
    return found | {"items": [DepartmentOut.from_model(d) for d in found["items"]]}


@router.get("/departments/{code}", response={200: DepartmentOut, 404: ErrorOut}, summary="部门")
def department(request, code: str):
    dept = scope.departments_for(request.user).select_related("parent").filter(code=code).first()
    if dept is None:
        raise NotFound("部门不存在或不在您的数据范围内")
    return Status(200, DepartmentOut.from_model(dept))


class PasswordIn(Schema):
    current_password: str
    new_password: str


@router.post(
    "/me/password",
    response={204: None, 422: ErrorOut},
    summary="修改自己的密码（须提供当前密码；当前密码错误记入审计）",
)
def change_password(request, body: PasswordIn):
    actions.change_password(request.user, body.current_password, body.new_password)
    return Status(204, None)


class AccountOut(Schema):
    username: str
    full_name: str
    department: str | None
    credit_code: str
    roles: list[str]
    is_active: bool

    @staticmethod
    def from_model(user: User) -> "AccountOut":
        return AccountOut(**actions.user_snapshot(user))


class AccountIn(Schema):
    username: str
    password: str
    department: str | None = None
    full_name: str = ""
    credit_code: str = ""


class RolesIn(Schema):
    roles: list[str]


@router.post(
    "/users",
    response={201: AccountOut, 403: ErrorOut, 422: ErrorOut},
    summary="新增账号（系统管理员；角色由安全管理员分配）",
)
def create_account(request, body: AccountIn):
    created = actions.create_account(
        request.user,
        body.username,
        body.password,
        department_code=body.department,
        full_name=body.full_name,
        credit_code=body.credit_code,
    )
    return Status(201, AccountOut.from_model(created))


@router.post(
    "/users/{username}/disable",
    response={200: AccountOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="停用账号（系统管理员）",
)
def disable_account(request, username: str):
    found = access.account_or_404(request.user, username, "disable")
    return Status(200, AccountOut.from_model(actions.set_active(request.user, found, False)))


@router.post(
    "/users/{username}/enable",
    response={200: AccountOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="启用账号（系统管理员）",
)
def enable_account(request, username: str):
    found = access.account_or_404(request.user, username, "enable")
    return Status(200, AccountOut.from_model(actions.set_active(request.user, found, True)))


@router.put(
    "/users/{username}/roles",
    response={200: AccountOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="分配角色（安全管理员；三员不兼任其他角色）",
)
def set_roles(request, username: str, body: RolesIn):
    found = access.account_or_404(request.user, username, "roles")
    return Status(200, AccountOut.from_model(actions.set_roles(request.user, found, body.roles)))
