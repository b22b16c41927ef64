from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from ninja import Schema
from pydantic import Field, WithJsonSchema

from liangxin.core.errors import FieldProblem, Invalid

T = TypeVar("T")
MAX_LIMIT = 1000
# far past any list the platform keeps, and far below what a database's OFFSET takes (2^63 - 1): a larger
# offset is a client's mistake, not a page past the end
MAX_OFFSET = 1_000_000_000

# Amounts and figures in the API's JSON are numbers written exactly from a Decimal (92.95, never through a
# float); the OpenAPI says so. Amounts are bounded (core.bounds) well inside a double's exact range.
Number = Annotated[Decimal, WithJsonSchema({"type": "number"})]


# a record's number in a body: a positive 64-bit integer (what the databases' keys hold), so a number
# past it is a 422 naming the field, not an overflow inside the query
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorOut(Schema):
    detail: str


class ProblemOut(Schema):
    """One fault of a refused request: the field's path and its message (and the row, in a file)."""

    field: str | None = None
    message: str
    row: int | None = None


class ProblemsOut(Schema):
    """Every 4xx the API answers: `detail` in Chinese, each faulty field under `errors` where there are any."""

    detail: str
    errors: list[dict[str, Any]] | None = None
    request_id: str | None = None


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


def page(items, limit: int = 100, offset: int = 0) -> dict:
    """{"items", "count"} for one page of a list or queryset; count is the whole list's length. A limit
    outside 1–1000 is taken as the nearest bound, a negative offset as 0; an offset over MAX_OFFSET is
    refused (422)."""
    if offset > MAX_OFFSET:
        wrong = f"不能大于 {MAX_OFFSET}"
        raise Invalid(f"分页参数 offset（起始位置）{wrong}", [FieldProblem("offset", wrong)])
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    return {"items": list(items[offset : offset + limit]), "count": count}


ERROR_DESCRIPTIONS = {
    401: "未登录或令牌无效",
    403: "无权进行此操作",
    404: "不存在或不在您的数据范围内",
    409: "当前状态不允许此操作",
    422: "请求内容有误（errors 逐项列出字段和原因）",
}


def declare_errors(schema: dict, public: set[tuple[str, str]] = frozenset()) -> dict:
    """Every 4xx an operation can answer, declared in its responses with the one error body: 401 and 403
    for every operation behind a login, 404 where the path or the body names something, 422 where there is any input
    (a parameter or a body). An operation's own declarations (409 and the like) stay as they are. `public`
    holds (method, the path's ending) of the operations needing no login."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ProblemsOut"] = (
        ProblemsOut.model_json_schema()
    )
    ref = {"$ref": "#/components/schemas/ProblemsOut"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = set()
            if not any(method == m and path.endswith(end) for m, end in public):
                statuses |= {401, 403}
            parameters = operation.get("parameters", [])
            if any(p.get("in") == "path" for p in parameters) or "requestBody" in operation:
                statuses.add(404)  # the path, or the body (a programme's code), names something
            if parameters or "requestBody" in operation:
                statuses.add(422)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                if str(status) not in responses and status not in responses:
                    responses[status] = {
                        "description": ERROR_DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ref}},
                    }
    return schema


def file_download(media_type: str, what: str) -> dict:
    """`openapi_extra` of an operation answering with a file: the file on 200 (its errors are declared by
    declare_errors like any other operation's)."""
    return {
        "responses": {
            200: {
                "description": what,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }
