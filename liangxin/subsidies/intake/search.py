"""Finding applications by what a caseworker types into the list's search box: the applicant's name (a
part of it), the 身份证号 or the phone number (whole, through their blind indexes: the clear values are
stored only encrypted), the 统一社会信用代码, the invoice number, the serial number, the VIN or the
application's number. A whole 身份证号 or phone number is searched for through its blind index alone. The
list page, the export and the API search alike, inside the user's scope (the queryset they pass in).

Each kind of look-up is one clause in CLAUSES: a function from the typed text to a Q, or None where the
text cannot be that kind of value. A new identifier (a human application number) is a new clause.
"""

import re
import uuid
from collections.abc import Callable

from django.db.models import Q

from liangxin.core import crypto, identifiers
from liangxin.subsidies.intake import numbers

MAX_QUERY = 100  # longer than any name or identifier the list holds
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
_PHONE_SHAPE = re.compile(r"1\d{10}")


def _clean(text: str) -> str:
    return "".join(text.split()).upper()


# letters and digits with at least one digit: a number or code, never a name; looking it up among the
# names too would turn the indexed look-ups into a scan of every application in scope
_CODE_SHAPE = re.compile(r"[0-9A-Za-z\-_/.]*[0-9][0-9A-Za-z\-_/.]*")


def _by_name(q: str) -> Q | None:
    if _CODE_SHAPE.fullmatch(_clean(q)):
        return None
    return Q(applicant_name__icontains=q)


def _blind(kind: str, check, shape: re.Pattern) -> Callable[[str], Q | None]:
    """The blind index of the value as intake normalised it; a number of the right shape that today's
    check refuses (accepted under an earlier rule, or mistyped) is still looked up as typed."""

    def clause(q: str) -> Q | None:
        try:
            value = check(q)
        except identifiers.IdentifierInvalid:
            value = _clean(q)
            if not shape.fullmatch(value):
                return None
        return Q(**{f"{kind}_index": crypto.blind_index(kind, value)})

    return clause


def _exact(column: str) -> Callable[[str], Q | None]:
    def clause(q: str) -> Q | None:
        cleaned = _clean(q)
        values = {q, cleaned}
        return Q(**{f"{column}__in": sorted(values)})

    return clause


def _by_public_id(q: str) -> Q | None:
    try:
        return Q(public_id=uuid.UUID(q.strip()))
    except ValueError:
        return None


# a whole 身份证号 or phone number is looked up through its blind index alone: the clear value never
# reaches the database, not even as a LIKE on the names
PERSONAL: list[Callable[[str], Q | None]] = [
    _blind("id_number", identifiers.id_card, _ID_SHAPE),
    _blind("phone", identifiers.mobile, _PHONE_SHAPE),
]

CLAUSES: list[Callable[[str], Q | None]] = [
    _by_name,
    _exact("credit_code"),
    _exact("invoice_number"),
    _exact("serial_number"),
    _exact("vin"),
    _by_public_id,
    numbers.number_clause,
]


def search_applications(queryset, q: str | None):
    """The applications of `queryset` that `q` finds by any clause; all of them for an empty `q`."""
    q = (q or "").strip()[:MAX_QUERY]
    if not q:
        return queryset
    for clause in PERSONAL:
        if (condition := clause(q)) is not None:
            return queryset.filter(condition)
    found = Q()
    for clause in CLAUSES:
        if (condition := clause(q)) is not None:
            found |= condition
    return queryset.filter(found)


def for_the_record(q: str | None) -> str:
    """The search as the audit trail keeps it: anything shaped like a 身份证号 or phone number masked, like
    the pages."""
    q = (q or "").strip()[:MAX_QUERY]
    cleaned = _clean(q).removeprefix("+86")
    if _ID_SHAPE.fullmatch(cleaned):
        return identifiers.mask_id_card(cleaned)
    if _PHONE_SHAPE.fullmatch(cleaned):
        return identifiers.mask_mobile(cleaned)
    return q
