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


CATEGORIES: Registry[Category] = Registry("审计操作类别")
for _code, _label in (
    ("account", "账号与安全"),
    ("plan", "工作方案"),
    ("reporting", "调度填报"),
    ("programme", "补贴项目"),
    ("application", "补贴申请"),
    ("personal_data", "个人信息查看"),
    ("payout", "资金拨付"),
    ("import", "批量导入"),
    ("export", "数据导出"),
    ("demo", "演示数据"),
):
    CATEGORIES.add(Category(_code, _label))

ACTIONS: Registry[Action] = Registry("审计操作")


def declare(category: str, labels: dict[str, str]) -> None:
    """Register actions, code → Chinese label, under one of the categories above."""
    CATEGORIES[category]  # an unknown category fails here, at start-up
    for code, label in labels.items():
        ACTIONS.add(Action(code, label, category))


def require(code: str) -> Action:
    """The declared action. An undeclared one raises UnknownCode: a programming error, fixed by declaring
    it in its app's audit_actions.py."""
    return ACTIONS[code]


def by_category() -> list[tuple[Category, list[Action]]]:
    """The declared actions grouped in the categories' order, leaving out categories with none."""
    groups = [(category, [a for a in ACTIONS if a.category == category.code]) for category in CATEGORIES]
    return [(category, actions) for category, actions in groups if actions]
