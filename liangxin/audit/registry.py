"""Every action the audit trail may record: its code, its Chinese label and the category it is filed under.

Each app declares its own actions in its `audit_actions.py`, imported from its `AppConfig.ready()`, so this
low layer names no higher app. `chain.record` refuses an action nobody declared, and the audit page offers
every declared action in its filter, grouped by category.
"""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Category:
    code: str
    label: str


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    category: str


@dataclass(frozen=True)
class Label:
    code: str
    label: str


CATEGORIES: Registry[Category] = Registry("审计操作类别")
ACTIONS: Registry[Action] = Registry("审计操作")
# what an entry is about ("subsidies.application", a model's label): declared by the app owning the model
OBJECT_TYPES: Registry[Label] = Registry("审计对象类型")
# how the action came in, and how it ended: the audit trail's own codes
CHANNELS: Registry[Label] = Registry("操作渠道")
for _code, _label in (("web", "网页"), ("api", "接口"), ("cli", "命令行"), ("queue", "任务队列")):
    CHANNELS.add(Label(_code, _label))
RESULTS: Registry[Label] = Registry("操作结果")
for _code, _label in (("success", "成功"), ("failure", "失败")):
    RESULTS.add(Label(_code, _label))


def declare_category(code: str, label: str) -> None:
    """A category of actions, declared by the app whose actions it files; the audit page lists them in
    the order the apps start."""
    CATEGORIES.add(Category(code, label))


def declare(category: str, labels: dict[str, str]) -> None:
    """Register actions, code → Chinese label, under a declared category."""
    CATEGORIES[category]  # an undeclared category fails here, at start-up
    for code, label in labels.items():
        ACTIONS.add(Action(code, label, category))


def declare_objects(labels: dict[str, str]) -> None:
    """Register the Chinese names of the objects an app's entries are about, "app.model" → name."""
    for code, label in labels.items():
        OBJECT_TYPES.add(Label(code, label))


def require(code: str) -> Action:
    """The declared action. An undeclared one raises UnknownCode: a programming error, fixed by declaring
    it in its app's audit_actions.py."""
    return ACTIONS[code]


def by_category() -> list[tuple[Category, list[Action]]]:
    """The declared actions grouped in the categories' order, leaving out categories with none."""
    groups = [(category, [a for a in ACTIONS if a.category == category.code]) for category in CATEGORIES]
    return [(category, actions) for category, actions in groups if actions]
