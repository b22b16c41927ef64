"""The submission workflow's steps: for each action, the permission it takes, the states it may be taken
from and the state it leads to. The workflow moves submissions by this table, and `access.py` derives from
it what a user may do to a submission now, so that the buttons and the refusals come from one place."""

from dataclasses import dataclass

from liangxin.core.errors import Conflict
from liangxin.reporting.models import Submission

S = Submission.Status
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
ACTION_WORDS = {"save": "保存", "submit": "报送", "approve": "审核通过", "accept": "采纳", "return": "退回"}


class WorkflowError(Conflict):
    """What the period, the submission's state or the request does not allow (answered 409)."""


@dataclass(frozen=True)
class Step:
    action: str
    perm: str
    sources: frozenset[str]
    target: str | None = None  # None: the submission keeps its status (a save, an attachment)
    # what the user is told when the submission's status is not among the sources
    refused: str = "填报当前为“{status}”，不能{word}"

    def refusal(self, submission: Submission) -> str:
        return self.refused.format(
            status=submission.get_status_display(), word=ACTION_WORDS.get(self.action, "")
        )


STEPS = (
    Step("save", "submission.fill", EDITABLE, refused="填报已是“{status}”状态，不能修改"),
    Step("submit", "submission.fill", EDITABLE, S.SUBMITTED),
    Step("approve", "submission.approve", frozenset({S.SUBMITTED}), S.APPROVED),
    Step("return", "submission.approve", frozenset({S.SUBMITTED}), S.RETURNED),
    Step("accept", "submission.accept", frozenset({S.APPROVED}), S.ACCEPTED),
    Step("return", "submission.accept", frozenset({S.APPROVED}), S.RETURNED),
    Step("add_evidence", "submission.fill", EDITABLE, refused="已报送的填报不能再添加附件"),
    Step("remove_evidence", "submission.fill", EDITABLE, refused="已报送的填报不能删除附件"),
)
