"""Who is acting, from where: set once per request (or CLI command) and read by the audit hook."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str
    roles: str
    client_ip: str
    via: str


ANONYMOUS_CLI = Actor(None, "", "", "", "cli")
_current: ContextVar[Actor] = ContextVar("liangxin_actor", default=ANONYMOUS_CLI)


def actor_for(user, client_ip: str, via: str) -> Actor:
    if user is None or not user.is_authenticated:
        return Actor(None, "", "", client_ip, via)
    return Actor(user.pk, user.username, ",".join(sorted(user.role_codes)), client_ip, via)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor):
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def client_ip(request) -> str:
    """The client's address; behind a trusted reverse proxy, the last address that proxy saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote in settings.LIANGXIN_TRUSTED_PROXIES:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        with acting_as(actor_for(request.user, client_ip(request), via)):
            return self.get_response(request)


def switch_actor(actor: Actor) -> None:
    """For authentication that happens inside a request (API tokens): the request's context resets it."""
    _current.set(actor)
