from datetime import datetime

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from ninja import Router, Schema, Status

from liangxin.accounts import actions, scope
from liangxin.accounts.models import ApiToken, Department, User
from liangxin.accounts.views import LOCKED_MESSAGE, WRONG_MESSAGE
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
    user = authenticate(request, username=body.username, password=body.password)
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": LOCKED_MESSAGE})
    if user is None or not user.is_active:
        return Status(401, {"detail": WRONG_MESSAGE})
    user_logged_in.send(sender=User, request=request, user=user)
    raw = actions.issue_token(user)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    return Status(200, {"token": raw, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None, 400: ErrorOut}, summary="吊销当前使用的令牌")
def revoke_token(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return Status(400, {"detail": "只能吊销以 Bearer 令牌调用时所用的令牌"})
    actions.revoke_raw_token(header.removeprefix("Bearer ").strip())
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
        return Status(404, {"detail": "部门不存在或不在您的数据范围内"})
    return Status(200, DepartmentOut.from_model(dept))
