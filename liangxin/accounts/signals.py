import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from liangxin.accounts.middleware import LOGIN_AT
from liangxin.audit import chain
from liangxin.audit.context import acting_as, actor_for, client_ip


def _via(request) -> str:
    return "api" if request is not None and request.path.startswith("/api/") else "web"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and _via(request) == "web":
        request.session[LOGIN_AT] = time.time()
    with acting_as(actor_for(user, client_ip(request) if request else "", _via(request))):
        chain.record("login.success", obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    with acting_as(actor_for(None, client_ip(request) if request else "", _via(request))):
        chain.record(
            "login.failure",
            object_type="accounts.user",
            object_id=username,
            object_repr=username,
            result="failure",
        )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    with acting_as(actor_for(None, ip_address or "", _via(request))):
        chain.record(
            "login.locked",
            object_type="accounts.user",
            object_id=username or "",
            object_repr=username or "",
            result="failure",
        )
