"""申请编号: every application's human number, SQ-2025-000123, unique in its programme and year of
submission (the district's calendar), handed out in order and without gaps.

The numbers come from one counter row per programme and year, locked (select_for_update) in the
transaction that inserts the applications: a second submission waits for the first to commit or roll
back, so a number is never given twice and never skipped (a rolled-back save gives its numbers back). A
batch of an import takes one contiguous block.
"""

import functools
import re
from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from liangxin.subsidies.models import ApplicationCounter

PREFIX = "SQ"
_TYPED = re.compile(r"^\s*SQ\s*[-－—_ ]?\s*(\d{4})\s*[-－—_ ]?\s*(\d{1,9})\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def year_prefix(when) -> str:
    """The number's start for an application submitted at `when`: SQ-2025- (the district's year). An
    import's rows share one `when` per batch: worked out once, not once per row."""
    return f"{PREFIX}-{timezone.localtime(when).year}-"


def formatted(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:06d}"


def allocate(programme_id: int, year: int, count: int) -> list[str]:
    """`count` consecutive numbers of the programme's year, in the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("application numbers must be taken in the transaction that saves them")
    if count == 0:
        return []
    # the row exists before it is locked: two first submissions of a year do not both create it
    ApplicationCounter.objects.bulk_create(
        [ApplicationCounter(programme_id=programme_id, year=year)], ignore_conflicts=True
    )
    counter = ApplicationCounter.objects.select_for_update().get(programme_id=programme_id, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [formatted(year, n) for n in range(first, first + count)]


def number(programme_id: int, drafts) -> None:
    """Give each draft (its `number` holding its year's prefix, SQ-2025-) the next number of its year,
    in the drafts' order; in the caller's transaction, which inserts them."""
    by_year = defaultdict(list)
    for draft in drafts:
        by_year[int(draft.number.split("-")[1])].append(draft)
    for year in sorted(by_year):
        for draft, value in zip(by_year[year], allocate(programme_id, year, len(by_year[year])), strict=True):
            draft.number = value


def normalised(text: str) -> str | None:
    """A number as typed (sq-2025-123, SQ2025000123, full-width hyphens) in its stored form; None for
    text that is no application number."""
    found = _TYPED.match(text or "")
    if not found:
        return None
    return formatted(int(found.group(1)), int(found.group(2)))


def number_clause(text: str) -> Q | None:
    """The filter for an exact search by application number, for any list of applications; None when
    the text is no number (the caller searches otherwise)."""
    value = normalised(text)
    return Q(number=value) if value else None


def search_by_number(applications, text: str):
    """The applications (a queryset) with this number: one per programme at most; none for text that is
    no number."""
    clause = number_clause(text)
    return applications.filter(clause) if clause is not None else applications.none()
