"""The fields (领域) of equipment renewal the plan names, each once with its Chinese label: a project of the
reserve and a need of the 两新 list share them, so that a need and a project of one field match."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    in_goal: bool  # one of the seven fields of the plan's goal: 设备投资规模 +28 % over 2023


FIELDS: Registry[Field] = Registry("重点领域")
for _f in (
    Field("industry", "工业", True),
    Field("agriculture", "农业", True),
    Field("construction", "建筑和市政", True),
    Field("transport", "交通", True),
    Field("education", "教育", True),
    Field("culture_tourism", "文旅", True),
    Field("health", "医疗", True),
    Field("energy", "能源", False),
    Field("environment", "环境基础设施", False),
    Field("recycling", "回收循环利用", False),
    Field("other", "其他", False),
):
    FIELDS.add(_f)
