"""JSON out with exact decimals: 92.95 is written as 92.95 from a Decimal, never through a float."""

from datetime import date, datetime

import simplejson
from django.http import HttpResponse


def _default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(data, indent: int | None = None) -> str:
    return simplejson.dumps(data, use_decimal=True, ensure_ascii=False, indent=indent, default=_default)


def response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json; charset=utf-8")
