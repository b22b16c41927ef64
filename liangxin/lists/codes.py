"""The codes of the 两优 (supply) and 两新 (demand) lists a user sees, each once with its Chinese label: the
two lists and their lead departments, an entry's statuses and the steps of its history, the kinds of
demand, the fields of equipment renewal and the categories of consumer goods. The supply list's product
categories are data the district extends (SupplyCategory, seeded from data/supply_categories.yaml)."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class ListKind:
    code: str
    label: str
    title: str
    # the departments (by code) whose reviewers review the list; the coordinator reviews both
    lead_departments: tuple[str, ...]


LISTS: Registry[ListKind] = Registry("清单")
LISTS.add(ListKind("supply", "两优清单", "优势产业、优势产品供给清单", ("gxj",)))
LISTS.add(ListKind("demand", "两新清单", "重点领域设备更新、消费品以旧换新需求清单", ("fgj", "swj")))


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    editable: bool  # the entering side may still change the entry and submit it


STATUSES: Registry[Status] = Registry("清单条目状态")
for _s in (
    Status("draft", "草稿", True),
    Status("submitted", "待审核", False),
    Status("accepted", "已采纳", False),
    Status("returned", "已退回", True),
    Status("withdrawn", "已撤回", False),
):
    STATUSES.add(_s)


@dataclass(frozen=True)
class Step:
    code: str
    label: str


STEPS: Registry[Step] = Registry("清单条目操作")
for _step in (
    Step("create", "新增"),
    Step("update", "修改"),
    Step("submit", "提交审核"),
    Step("accept", "采纳"),
    Step("return", "退回"),
    Step("withdraw", "撤回"),
):
    STEPS.add(_step)


@dataclass(frozen=True)
class DemandKind:
    code: str
    label: str


DEMAND_KINDS: Registry[DemandKind] = Registry("需求类型")
DEMAND_KINDS.add(DemandKind("equipment", "设备更新需求"))
DEMAND_KINDS.add(DemandKind("consumer", "消费品以旧换新需求"))


@dataclass(frozen=True)
class ConsumerCategory:
    code: str
    label: str
    measure: str  # what a quantity of it counts


CONSUMER_CATEGORIES: Registry[ConsumerCategory] = Registry("消费品类别")
for _c in (
    ConsumerCategory("car", "汽车", "辆"),
    ConsumerCategory("appliance", "家电", "台"),
    ConsumerCategory("home", "家装厨卫", "件"),
    ConsumerCategory("ebike", "电动自行车", "辆"),
    ConsumerCategory("digital", "数码产品", "台"),
    ConsumerCategory("other", "其他", "件"),
):
    CONSUMER_CATEGORIES.add(_c)
