from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class ErrorOut(Schema):
    detail: str


class Page(Schema, Generic[T]):
    items: list[T]
    count: int
