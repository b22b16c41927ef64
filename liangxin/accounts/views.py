from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts import access, actions, scope
from liangxin.accounts.models import Department
from liangxin.accounts.roles import Role
from liangxin.core import paging

LOCKED_MESSAGE = "登录失败次数过多，该账号已锁定 15 分钟，请稍后再试。"
WRONG_MESSAGE = "用户名或密码错误。"


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": WRONG_MESSAGE, "inactive": WRONG_MESSAGE}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = "expired" in self.request.GET
        return context


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes answers with this, for the login page and the token endpoint, while a name is locked."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_MESSAGE}, status=429, json_dumps_params={"ensure_ascii": False})
    form = LoginForm(request, data=request.POST or None)
    form.errors.clear()
    return render(request, "accounts/login.html", {"form": form, "locked": LOCKED_MESSAGE}, status=429)


@require_POST
def logout_view(request):
    from django.contrib.auth import logout

    logout(request)
    return redirect("/accounts/login/")


def _problems(exc: actions.AccountError) -> dict[str, str]:
    """The refusal by field, for the form to show beside each field ("" for the form as a whole)."""
    return {p.field: p.message for p in exc.problems} or {"": exc.message}


@login_required
def account(request, new_token=None, error=None, password_errors=None):
    tokens = request.user.api_tokens.all()[:20]
    return render(
        request,
        "accounts/account.html",
        {"tokens": tokens, "new_token": new_token, "error": error, "password_errors": password_errors},
        status=400 if error or password_errors else 200,
    )


@login_required
@require_POST
def change_password(request):
    """One's own password: the current one, then the new one twice; the session stays signed in."""
    try:
        user = actions.change_password(
            request.user,
            request.POST.get("current_password", ""),
            request.POST.get("new_password", ""),
            request.POST.get("confirm_password", ""),
        )
    except actions.AccountError as exc:
        return account(request, password_errors=_problems(exc))
    update_session_auth_hash(request, user)
    messages.success(request, "密码已修改，下次登录请使用新密码。")
    return redirect("accounts:account")


@login_required
@require_POST
def create_token(request):
    """A token outlives the session, so minting one asks for the password again; the token is shown in
    this response only and never stored in the session."""
    if not request.user.check_password(request.POST.get("password", "")):
        return account(request, error="密码不正确，未生成令牌。")
    return account(request, new_token=actions.issue_token(request.user))


@login_required
@require_POST
def revoke_token(request, token_id):
    if actions.revoke_token(request.user, token_id):
        messages.success(request, "令牌已吊销。")
    return redirect("accounts:account")


@login_required
def user_list(request):
    users = scope.find_users(scope.users_for(request.user), request.GET.get("q"), request.GET.get("role"))
    pager = paging.paginate(users.order_by("department_id", "username"), request.GET)
    return render(
        request,
        "accounts/users.html",
        {
            "users": pager.page,
            "pager": pager,
            "params": request.GET,
            "roles": Role.choices,
            "may_create": access.may_create(request.user),
        },
    )


def _form_context(values=None, problems=None) -> dict:
    return {
        "departments": Department.objects.order_by("id"),
        "values": values or {},
        "problems": problems or {},
    }


@login_required
def user_new(request):
    """The 系统管理员 creates an account; its roles are the 安全管理员's to assign."""
    access.require_create(request.user)
    if request.method != "POST":
        return render(request, "accounts/user_new.html", _form_context())
    values = {k: request.POST.get(k, "") for k in ("username", "full_name", "department", "credit_code")}
    try:
        created = actions.create_account(
            request.user,
            values["username"],
            request.POST.get("password", ""),
            department_code=values["department"] or None,
            full_name=values["full_name"],
            credit_code=values["credit_code"],
        )
    except actions.AccountError as exc:
        return render(request, "accounts/user_new.html", _form_context(values, _problems(exc)), status=400)
    messages.success(request, f"已新增账号 {created.username}；请安全管理员为其分配角色。")
    return redirect("accounts:user", username=created.username)


@login_required
def user_detail(request, username, problems=None, chosen=None):
    found = access.account_or_404(request.user, username)
    return render(
        request,
        "accounts/user.html",
        {
            "account": found,
            "allowed": access.allowed_actions(request.user, found),
            "roles": Role.choices,
            "chosen": set(chosen if chosen is not None else found.role_codes),
            "problems": problems or {},
        },
        status=400 if problems else 200,
    )


@login_required
@require_POST
def user_active(request, username, active):
    found = access.account_or_404(request.user, username, "enable" if active else "disable")
    actions.set_active(request.user, found, active)
    messages.success(request, f"账号 {found.username} 已{'启用' if active else '停用'}。")
    return redirect("accounts:user", username=found.username)


@login_required
@require_POST
def user_roles(request, username):
    found = access.account_or_404(request.user, username, "roles")
    chosen = request.POST.getlist("roles")
    try:
        actions.set_roles(request.user, found, chosen)
    except actions.AccountError as exc:
        return user_detail(request, username, _problems(exc), chosen)
    messages.success(request, f"账号 {found.username} 的角色已保存。")
    return redirect("accounts:user", username=found.username)
