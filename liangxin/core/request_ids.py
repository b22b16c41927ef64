"""Every request gets an id: sent back as X-Request-ID, shown on an error page and in an API error's body,
and written on each log line of the request, so that what a user reads out over the phone finds the log."""

import contextvars
import logging
import re
import uuid

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# an id a proxy in front already gave the request is kept when it looks like one
_GIVEN = re.compile(r"[A-Za-z0-9._-]{8,64}")


def current() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _GIVEN.fullmatch(given) else uuid.uuid4().hex[:16]
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs):
    record = _make_record(*args, **kwargs)
    record.request_id = current()
    return record


# every record made from now on carries the id of the request it was logged in, whichever handler reads it
logging.setLogRecordFactory(_record_with_request_id)


class RequestIdFilter(logging.Filter):
    """For the log format's %(request_id)s: a record made before this module was loaded gets "-"."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return True
