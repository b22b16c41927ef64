"""The states of a match between a demand and a supply entry, each once with its Chinese label and where
it may go next: 已联系 → 意向 → 签约 (with its value and date), or 未成 (with a reason); a closed match may be
taken up again."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class MatchState:
    code: str
    label: str
    next: tuple[str, ...]  # the states a match in this one may move to


MATCH_STATES: Registry[MatchState] = Registry("对接状态")
for _s in (
    MatchState("contacted", "已联系", ("intention", "signed", "closed")),
    MatchState("intention", "意向", ("signed", "closed")),
    MatchState("signed", "签约", ()),
    MatchState("closed", "未成", ("contacted",)),
):
    MATCH_STATES.add(_s)

FIRST_STATES = ("contacted", "intention", "signed")  # where a new match may start
