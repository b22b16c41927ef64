"""The codes of the register a user sees: kinds of unit and levels of honour, each with its Chinese label."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class UnitKind:
    code: str
    label: str
    public: bool  # a public unit belongs to its department (a hospital to 卫健局); an enterprise to itself


UNIT_KINDS: Registry[UnitKind] = Registry("单位类型")
for _kind in (
    UnitKind("enterprise", "企业", False),
    UnitKind("hospital", "医疗卫生机构", True),
    UnitKind("school", "学校", True),
    UnitKind("scenic", "景区", True),
    UnitKind("public_other", "其他事业单位", True),
):
    UNIT_KINDS.add(_kind)


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    rank: int  # 国家级 above 省级 above 市级: "省级以上" counts ranks ≥ 省级


LEVELS: Registry[Level] = Registry("荣誉级别")
for _level in (Level("national", "国家级", 3), Level("provincial", "省级", 2), Level("city", "市级", 1)):
    LEVELS.add(_level)
