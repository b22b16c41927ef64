"""One hierarchy for the errors a user can cause, each carrying the Chinese message they see.

Domain functions raise these; the API turns them into answers in one handler (`liangxin.api`) and pages
in one middleware (`liangxin.web.errors`). A view or endpoint never translates a domain error by hand.

- NotFound (404): the thing is not there, or not in the user's scope (never said which).
- Conflict (409): the request is well formed but the record's state does not allow it now.
- Invalid (422): the input is wrong; `problems` names each field (and row) with its message.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One fault in the input: the field's path (or name), its message, and the row where there are rows."""

    field: str
    message: str
    row: int | None = None

    def as_dict(self) -> dict:
        found = {"field": self.field, "message": self.message}
        return found if self.row is None else found | {"row": self.row}


class DomainError(Exception):
    status = 400
    default_message = "请求有误"
    # what the API answers as `detail` when the error lists its problems; the message itself otherwise
    summary: str | None = None

    def __init__(self, message: str = "", problems: list | tuple = ()):
        self.message = message or self.default_message
        self.problems = list(problems)
        super().__init__(self.message)

    def problem_dicts(self) -> list[dict]:
        return [p.as_dict() for p in self.problems]

    def messages_by_field(self) -> dict[str, list[str]]:
        """Each field's messages, for a form to show beside its fields ("" for the form as a whole)."""
        placed: dict[str, list[str]] = {}
        for problem in self.problems:
            placed.setdefault(problem.field, []).append(problem.message)
        return placed or {"": [self.message]}

    def body(self) -> dict:
        """The API answer: the message as `detail`, and each problem under `errors` where there are any."""
        problems = self.problem_dicts()
        if not problems:
            return {"detail": self.message}
        return {"detail": self.summary or self.message, "errors": problems}


class NotFound(DomainError):
    status = 404
    default_message = "不存在或不在您的数据范围内"


class Conflict(DomainError):
    status = 409
    default_message = "当前状态不允许此操作"


class Invalid(DomainError, ValueError):
    status = 422
    default_message = "提交的内容有误"
