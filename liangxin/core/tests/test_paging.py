"""The page links every list shares: first, previous, a window of numbers, next and last, each keeping the
list's filters and search."""

from django.http import QueryDict

from liangxin.core import paging


def test_the_window_shows_the_ends_and_the_pages_around_the_current_one():
    assert paging.window(1, 1) == [1]
    assert paging.window(1, 65) == [1, 2, 3, None, 65]
    assert paging.window(30, 65) == [1, None, 28, 29, 30, 31, 32, None, 65]
    assert paging.window(64, 65) == [1, None, 62, 63, 64, 65]
    assert paging.window(4, 7) == [1, 2, 3, 4, 5, 6, 7]  # no gap where no number is left out


def test_links_keep_the_filters_and_search_and_leave_out_empty_ones():
    params = QueryDict("q=张三&status=pending&flag=&page=3")
    paged = paging.paginate(list(range(3215)), params)
    assert paged.count == 3215 and paged.num_pages == 65 and paged.page.number == 3
    assert list(paged) == list(range(100, 150))
    query = QueryDict(mutable=True)
    query.update({"q": "张三", "status": "pending"})
    assert paged.query == query.urlencode()
    assert paged.first == f"?{paged.query}&page=1" and paged.previous == f"?{paged.query}&page=2"
    assert paged.next == f"?{paged.query}&page=4" and paged.last == f"?{paged.query}&page=65"
    assert [(link.number, link.current) for link in paged.links] == [
        (1, False),
        (2, False),
        (3, True),
        (4, False),
        (5, False),
        (None, False),
        (65, False),
    ]
    assert paged.links[-1].url == f"?{paged.query}&page=65"


def test_the_first_and_last_pages_have_no_links_beyond_them_and_a_wrong_page_gives_the_nearest():
    first = paging.paginate(list(range(120)), QueryDict(""))
    assert first.first == first.previous == "" and first.next == "?page=2" and first.last == "?page=3"
    last = paging.paginate(list(range(120)), QueryDict("page=999"))
    assert last.page.number == 3 and last.next == last.last == "" and last.previous == "?page=2"
    assert paging.paginate([], QueryDict("page=abc")).page.number == 1
