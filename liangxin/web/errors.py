"""The one place where a domain error that a page did not handle itself becomes a page: its status, a
Chinese title and the message, with each field's problem where there are any. (The API has its own one
place, the exception handler in liangxin.api.)"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from liangxin.core import request_ids
from liangxin.core.errors import Conflict, DomainError, Invalid, NotFound

TITLES = {NotFound: "不存在", Conflict: "当前无法办理", Invalid: "内容有误"}


def title_of(error: DomainError) -> str:
    return next((title for kind, title in TITLES.items() if isinstance(error, kind)), "请求有误")


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        context = {"title": title_of(exception), "error": exception, "problems": exception.problem_dicts()}
        return render(request, "error.html", context, status=exception.status)


def server_error(request):
    """Django's handler500: a plain Chinese page with the request's id (no context processors, which might
    be what failed)."""
    page = loader.get_template("500.html").render({"request_id": request_ids.current()})
    return HttpResponseServerError(page)
