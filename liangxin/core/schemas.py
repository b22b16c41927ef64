from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")
MAX_LIMIT = 1000


class ErrorOut(Schema):
    detail: str


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


def page(items, limit: int = 100, offset: int = 0) -> dict:
    """{"items", "count"} for one page of a list or queryset; count is the whole list's length."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    return {"items": list(items[offset : offset + limit]), "count": count}
