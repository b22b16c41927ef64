from typing import Generic, TypeVar

from ninja import Schema

from liangxin.core.errors import FieldProblem, Invalid

T = TypeVar("T")
MAX_LIMIT = 1000
# far past any list the platform keeps, and far below what a database's OFFSET takes (2^63 - 1): a larger
# offset is a client's mistake, not a page past the end
MAX_OFFSET = 1_000_000_000


class ErrorOut(Schema):
    detail: str


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
