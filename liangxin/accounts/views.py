from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts import actions, scope
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


@login_required
def account(request, new_token=None, error=None):
    tokens = request.user.api_tokens.all()[:20]
    return render(
        request,
        "accounts/account.html",
        {"tokens": tokens, "new_token": new_token, "error": error},
        status=400 if error else 200,
    )


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
        {"users": pager.page, "pager": pager, "params": request.GET, "roles": Role.choices},
    )
