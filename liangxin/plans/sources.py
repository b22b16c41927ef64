"""Stand-in for the computed-indicator interface of issue 12 §4 (built on branch i12-sources): only what
the events app registers against. On merging, i12-sources' module replaces this file whole."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Window:
    start: date | None
    end: date


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    required: bool = True
    choices: Callable[[], dict[str, str]] | None = None


@dataclass(frozen=True)
class RecordRef:
    label: str
    url: str


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    params: tuple[Param, ...]
    value: Callable[[dict, Window], Decimal]
    records: Callable[[dict, Window, int], list[RecordRef]]
    records_url: Callable[[dict, Window], str]
    models: tuple[str, ...] = ()
    baseline: Callable[[dict, int], Decimal | None] | None = None


SOURCES: Registry[Source] = Registry("指标数据来源")


def register(source: Source) -> None:
    SOURCES.add(source)
