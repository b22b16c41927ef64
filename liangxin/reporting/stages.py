"""The stages a department reports for a milestone target, each once with its Chinese label: the
submission form, its spreadsheet and the status engine (whose milestone statuses are these stages) all
read them here. Plain Python, so the engine stays free of Django."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Stage:
    code: str
    label: str


STAGES: Registry[Stage] = Registry("里程碑进展")
STAGES.add(Stage("not_started", "未启动"))
STAGES.add(Stage("under_way", "推进中"))
STAGES.add(Stage("done", "已完成"))
