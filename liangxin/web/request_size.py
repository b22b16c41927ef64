"""A request whose body is larger than any file the platform takes is refused before a byte of it is read:
Django would otherwise spool a whole multi-gigabyte upload to a temporary file before any view could look
at its size. The limit is the import's (the largest file anyone uploads) and a margin for the form."""

from django.conf import settings
from django.shortcuts import render

from liangxin.core import jsonout, request_ids


def limit() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size <= limit():
            return self.get_response(request)
        message = f"上传的内容超过 {limit() // 1024 // 1024} MB，未接收"
        if request.path.startswith("/api/"):
            return jsonout.response({"detail": message, "request_id": request_ids.current()}, status=413)
        context = {"title": "文件过大", "error": {"message": message}, "problems": []}
        return render(request, "error.html", context, status=413)
