"""The codes of events a user sees, each once with its Chinese label: kinds of event, an event's status, a
participant's role and an outcome's kind."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Coded:
    code: str
    label: str


EVENT_KINDS: Registry[Coded] = Registry("活动类型")
for _kind in (
    Coded("matchmaking", "供需对接会"),
    Coded("car_promotion", "汽车促销巡展"),
    Coded("appliance_promotion", "家电以旧换新促销"),
    Coded("nev_month", "新能源汽车消费促进月"),
    Coded("other", "其他"),
):
    EVENT_KINDS.add(_kind)

EVENT_STATUSES: Registry[Coded] = Registry("活动状态")
for _status in (Coded("planned", "计划"), Coded("held", "已举办"), Coded("cancelled", "已取消")):
    EVENT_STATUSES.add(_status)

PARTICIPANT_ROLES: Registry[Coded] = Registry("参加单位角色")
for _role in (
    Coded("supply", "供方"),
    Coded("demand", "需方"),
    Coded("exhibitor", "参展商"),
    Coded("other", "其他"),
):
    PARTICIPANT_ROLES.add(_role)

OUTCOME_KINDS: Registry[Coded] = Registry("对接成果类型")
for _outcome in (Coded("intention", "意向"), Coded("contract", "签约")):
    OUTCOME_KINDS.add(_outcome)


def find(registry: Registry[Coded], given) -> Coded | None:
    """The entry a form, the API or a spreadsheet names by its code or by its Chinese label."""
    text = str(given or "").strip()
    return registry.get(text) or next((e for e in registry if e.label == text), None)
