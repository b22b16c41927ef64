"""Registries of the codes a user can see: each code once, with its Chinese label and what goes with it.

A registry holds entries that have at least `code` and `label` (a dataclass of the app's choosing, so a
status can carry its colour and severity, an audit action its category, a rule formula its class). Pages,
charts, Excel and API read labels from the registry, never from a dictionary of their own.
"""

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Coded(Protocol):
    code: str
    label: str


E = TypeVar("E", bound=Coded)


class UnknownCode(KeyError):
    def __init__(self, registry: str, code: str):
        self.registry, self.code = registry, code
        super().__init__(f"{registry}中没有代码 {code}")

    def __str__(self) -> str:
        return self.args[0]


class Registry(Generic[E]):
    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, E] = {}

    def add(self, entry: E) -> E:
        if entry.code in self._entries:
            raise ValueError(f"{self.name}：代码 {entry.code} 登记了两次")
        if not entry.label:
            raise ValueError(f"{self.name}：代码 {entry.code} 没有中文名称")
        self._entries[entry.code] = entry
        return entry

    def remove(self, code: str) -> E:
        """Take an entry out again: a test's own entry, once the test is done with it."""
        try:
            return self._entries.pop(code)
        except KeyError:
            raise UnknownCode(self.name, code) from None

    def __getitem__(self, code: str) -> E:
        try:
            return self._entries[code]
        except KeyError:
            raise UnknownCode(self.name, code) from None

    def get(self, code: str) -> E | None:
        return self._entries.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[E]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def label(self, code: str) -> str:
        """The Chinese label; an unknown code (one recorded by an older version) is shown as it is."""
        entry = self._entries.get(code)
        return entry.label if entry else code

    def choices(self) -> list[tuple[str, str]]:
        return [(e.code, e.label) for e in self._entries.values()]
