"""The codes of the project reserve a user sees, each once with its Chinese label (its fields are the
plan's, liangxin.plans.fields): the kinds of construction, the stages, the 前期工作 items and their states."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class ConstructionKind:
    code: str
    label: str


CONSTRUCTION_KINDS: Registry[ConstructionKind] = Registry("建设性质")
for _k in (
    ConstructionKind("new", "新建"),
    ConstructionKind("expansion", "扩建"),
    ConstructionKind("renovation", "技术改造"),
    ConstructionKind("equipment", "设备购置更新"),
    ConstructionKind("other", "其他"),
):
    CONSTRUCTION_KINDS.add(_k)


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    order: int
    confirmed_by_coordinator: bool = False  # 申报 and 下达: the department asks, 发改局 confirms


STAGES: Registry[Stage] = Registry("项目阶段")
for _s in (
    Stage("planning", "谋划", 1),
    Stage("reserve", "储备", 2),
    Stage("applied", "申报", 3, True),
    Stage("selected", "入选/下达", 4, True),
    Stage("started", "开工", 5),
    Stage("completed", "竣工", 6),
    Stage("exited", "退出", 0),
):
    STAGES.add(_s)


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    weight: int  # its share of the maturity score when the project needs it


CHECK_ITEMS: Registry[CheckItem] = Registry("前期工作事项")
for _c in (
    CheckItem("approval", "审批/核准/备案", 30),
    CheckItem("land", "用地预审和规划许可", 20),
    CheckItem("energy", "节能审查", 15),
    CheckItem("environment", "环评批复", 15),
    CheckItem("construction", "施工许可", 20),
):
    CHECK_ITEMS.add(_c)


@dataclass(frozen=True)
class ItemState:
    code: str
    label: str
    earns: int  # the per cent of the item's weight it earns


ITEM_STATES: Registry[ItemState] = Registry("前期工作办理状态")
for _st in (
    ItemState("not_needed", "不需要", 100),
    ItemState("not_started", "未办理", 0),
    ItemState("in_progress", "办理中", 50),
    ItemState("done", "已办结", 100),
):
    ITEM_STATES.add(_st)

APPROVAL_KINDS = {"approval": "审批", "verification": "核准", "filing": "备案"}


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str


IMPORT_KINDS: Registry[ImportKind] = Registry("项目库导入内容")
for _i in (
    ImportKind("projects", "项目"),
    ImportKind("checklist", "前期工作办理情况"),
    ImportKind("funding", "项目资金"),
    ImportKind("baselines", "设备投资基准数"),
):
    IMPORT_KINDS.add(_i)
