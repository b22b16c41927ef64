from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from ninja.security import HttpBearer, SessionAuth

from liangxin.accounts.actions import issue_token, revoke_raw_token, user_for_token
from liangxin.accounts.models import ApiToken, User
from liangxin.accounts.views import LOCKED_MESSAGE, WRONG_MESSAGE
from liangxin.audit.context import actor_for, client_ip, switch_actor
from liangxin.core.errors import DomainError


class LoginRefused(DomainError):
    """A wrong user name or password, told alike so that neither is revealed."""

    status = 401
    default_message = WRONG_MESSAGE


class LockedOut(DomainError):
    status = 429
    default_message = LOCKED_MESSAGE


class NotByToken(DomainError):
    status = 400
    default_message = "只能吊销以 Bearer 令牌调用时所用的令牌"


class BearerAuth(HttpBearer):
    openapi_description = "POST /api/v1/auth/token 取得的令牌：Authorization: Bearer <token>"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        switch_actor(actor_for(user, client_ip(request), "api"))
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's own session (with CSRF on writes), so pages can call the API too.

    django-ninja's session auth checks CSRF before it looks for a session, so a call whose Bearer token
    failed (revoked, expired, mistyped) fell through to it and was refused "CSRF check Failed" (403)
    instead of 401. CSRF protects a logged-in browser session; without one there is nothing to check."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerAuth(), ActiveSessionAuth()]


def token_for_password(request, username: str, password: str) -> ApiToken:
    """A new token for a user name and password, counted by the same lock-out as the login page; the
    returned token carries its raw value (shown once) as `raw`."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut()
    if user is None or not user.is_active:
        raise LoginRefused()
    user_logged_in.send(sender=User, request=request, user=user)
    raw = issue_token(user)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    token.raw = raw
    return token


def revoke_calling_token(request) -> None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise NotByToken()
    revoke_raw_token(header.removeprefix("Bearer ").strip())
