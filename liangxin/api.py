import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from liangxin.accounts.api import router as accounts_router
from liangxin.accounts.api_auth import API_AUTH
from liangxin.core import jsonout, request_ids
from liangxin.core.errors import DomainError
from liangxin.core.schemas import declare_errors
from liangxin.enterprises.api import router as enterprises_router
from liangxin.events.api import router as events_router
from liangxin.lists.api import router as lists_router
from liangxin.lists.matching.api import router as matching_router
from liangxin.monitoring.api import router as monitoring_router
from liangxin.notifications.api import router as notifications_router
from liangxin.plans.api import router as plans_router
from liangxin.plans.planfile import describe_error, error_path
from liangxin.projects.api import router as projects_router
from liangxin.reporting.api import router as reporting_router
from liangxin.subsidies.api import router as subsidies_router

logger = logging.getLogger("liangxin.api")


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class LiangxinAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The app and the function's name (liangxin_subsidies_api_list_programmes), wherever in the app the
        endpoint's module sits, so that moving code inside an app never changes a client's operation ids."""
        app = ".".join(operation.view_func.__module__.split(".")[:2])
        return f"{app}.api.{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_errors(schema, public={("post", "/auth/token")})


class SiteSwagger(Swagger):
    """The Swagger page with the site's bar on top: a way back to the platform and to the user's tokens."""

    template = "web/api_docs.html"


api = LiangxinAPI(
    docs=SiteSwagger(),
    renderer=ChineseJSONRenderer(),
    title="两新平台 API",
    version="1",
    description="大规模设备更新和消费品以旧换新工作平台的接口。除取得令牌外，所有接口都需要登录。",
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("", accounts_router)
api.add_router("", plans_router)
api.add_router("", reporting_router)
api.add_router("", monitoring_router)
api.add_router("", subsidies_router)
api.add_router("", enterprises_router)
api.add_router("", projects_router)
api.add_router("", events_router)
api.add_router("", lists_router)
api.add_router("", matching_router)
api.add_router("", notifications_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    """The one place where a domain error becomes an answer: its status and its Chinese body."""
    return jsonout.response(exc.body(), status=exc.status)


@api.exception_handler(Exception)
def server_error(request, exc):
    """Anything unforeseen: logged with the request's id, answered in JSON with the same id."""
    logger.exception("API 请求出错：%s %s", request.method, request.path)
    body = {"detail": "服务器内部错误，请把请求编号告诉系统管理员", "request_id": request_ids.current()}
    return jsonout.response(body, status=500)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "不存在或不在您的数据范围内"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    skip = {"body", "query", "path", "form", "file", "data"}
    problems = [
        {
            "field": error_path(tuple(p for p in e.get("loc", []) if p not in skip)),
            "message": describe_error(e),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": "请求内容有误", "errors": problems}, status=422)
