from ninja.security import HttpBearer, SessionAuth

from liangxin.accounts.actions import user_for_token
from liangxin.audit.context import actor_for, client_ip, switch_actor


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
    """The browser's own session (with CSRF on writes), so pages can call the API too."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerAuth(), ActiveSessionAuth()]
