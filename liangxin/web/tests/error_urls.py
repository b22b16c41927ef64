"""The site's routes plus one page that raises each kind of domain error (and one that crashes), for
test_errors."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from liangxin.core.errors import Conflict, FieldProblem, Invalid, NotFound
from liangxin.urls import urlpatterns as site

ERRORS = {
    "not-found": NotFound("导入任务不存在"),
    "conflict": Conflict("导入尚未完成（已处理 10 行），完成后才能下载逐行结果"),
    "invalid": Invalid("导入文件有误", [FieldProblem("id_number", "身份证号：校验位不对", row=3)]),
}


@login_required
def raising(request, kind):
    if kind == "crash":
        raise RuntimeError("a fault nobody foresaw")
    raise ERRORS[kind]


urlpatterns = [path("test-errors/<str:kind>/", raising), *site]
handler500 = "liangxin.web.errors.server_error"
