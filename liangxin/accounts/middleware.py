import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

LOGIN_AT = "liangxin_login_at"


class SessionLifetimeMiddleware:
    """Idle expiry is the cookie age (renewed on every request); this adds the absolute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
                logout(request)
                return redirect(f"{settings.LOGIN_URL}?expired=1")
        return self.get_response(request)
