"""One page of a list and the links to the others, shared by every list page (applications, imports,
payouts, periods, audit, users) and drawn by one template, web/_pager.html.

The links keep the list's filters and search: every query parameter but `page` is carried into each link.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PER_PAGE = 50
WINDOW = 2  # page numbers shown either side of the current one


@dataclass(frozen=True)
class Link:
    number: int | None  # None: a gap ("…") between numbered links
    url: str = ""
    current: bool = False


@dataclass
class Paged:
    page: Page
    query: str  # the filters and search without the page, as a query string
    links: list[Link] = field(default_factory=list)
    first: str = ""
    previous: str = ""
    next: str = ""
    last: str = ""

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def num_pages(self) -> int:
        return self.page.paginator.num_pages

    def __iter__(self):
        return iter(self.page)


def _url(query: str, number: int) -> str:
    return f"?{query}&page={number}" if query else f"?page={number}"


def window(current: int, last: int, width: int = WINDOW) -> list[int | None]:
    """The page numbers to link: the first, the last, and `width` either side of the current one, with None
    where numbers are left out."""
    shown = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:  # type: ignore[operator]
            numbers.append(None)
        numbers.append(number)
    return numbers


def paginate(items, params: QueryDict, per_page: int = PER_PAGE) -> Paged:
    """The page the request asks for (`page`; a wrong or too large number gives the nearest page) and the
    links to first, previous, the numbered window, next and last, each keeping the other parameters."""
    page = Paginator(items, per_page).get_page(params.get("page"))
    rest = params.copy()
    rest.pop("page", None)
    for key in [k for k, values in rest.lists() if not any(values)]:
        rest.pop(key)  # empty filters make no link longer
    query = rest.urlencode()
    last = page.paginator.num_pages
    paged = Paged(page, query)
    paged.links = [
        Link(n, _url(query, n), n == page.number) if n else Link(None) for n in window(page.number, last)
    ]
    if page.has_previous():
        paged.first, paged.previous = _url(query, 1), _url(query, page.previous_page_number())
    if page.has_next():
        paged.next, paged.last = _url(query, page.next_page_number()), _url(query, last)
    return paged
