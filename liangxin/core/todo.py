"""The to-do list on each user's home page. Each app that owns the data contributes the items of its own
work (`contribute`, in the app's `todo.py`, imported from its `AppConfig.ready()`), counted within the
user's access scope by the app's own querysets; the home page (web) only lays them out, so it never
reaches into an app's models."""

from collections.abc import Callable
from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Todo:
    """One line of a user's to-do list: what waits (label), how many (count, None for a state rather than
    a number), where to do it (url), and a short detail (the deadline, the status)."""

    code: str  # stable, for tests and the page's data-testid
    label: str
    url: str
    count: int | None = None
    detail: str = ""
    late: bool = False  # past its deadline: shown with a 逾期 badge

    @property
    def waiting(self) -> bool:
        """Whether it asks something of the user now (a count above zero, or a state to act on)."""
        return self.count is None or self.count > 0


@dataclass(frozen=True)
class Source:
    code: str
    label: str  # the heading of the app's items on the home page
    items: Callable  # (user) -> list[Todo]
    order: int = 100


SOURCES: Registry[Source] = Registry("首页待办")


def contribute(code: str, label: str, order: int = 100):
    """Register a function (user) -> list[Todo] as an app's part of the home page's to-do list."""

    def register(items: Callable) -> Callable:
        SOURCES.add(Source(code, label, items, order))
        return items

    return register


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    items: list[Todo]


def todos_for(user) -> list[Group]:
    """The user's to-do list, app by app in their order; an app with nothing for this user is left out."""
    groups = []
    for source in sorted(SOURCES, key=lambda s: (s.order, s.code)):
        items = source.items(user)
        if items:
            groups.append(Group(source.code, source.label, items))
    return groups
