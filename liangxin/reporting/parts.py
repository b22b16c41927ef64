"""Parts of a department's report that other apps contribute (the projects' monthly progress): registered
from their `AppConfig.ready()`, so that reporting names no app beside or above it. A part is saved with
the submission's draft, by the same all-or-nothing save, checked before 报送 and 采纳, kept in every
version, and goes through the same two-step approval; whether the user may write it now is the
submission's rule (`workflow.save_draft` asks it), not the part's."""

from collections.abc import Callable
from dataclasses import dataclass

from liangxin.core.codes import Registry
from liangxin.core.errors import FieldProblem


@dataclass(frozen=True)
class ReportPart:
    code: str  # the key of the part in a submission's content and in the API's `parts`
    label: str  # its card's heading on the form
    applies: Callable  # (submission) -> bool: whether the department's report has this part
    template: str  # drawn on the form, editable or not, with `context`
    context: Callable  # (submission, typed: the POST or None) -> dict for the template
    from_form: Callable  # (submission, POST) -> the part's payload as the API would send it
    clean: Callable  # (submission, payload) -> cleaned; raises core.errors.Invalid naming each fault
    save: Callable  # (user, submission, cleaned) -> None, inside the draft's transaction
    content: Callable  # (submission) -> {row key: {"label": the row's name, field: value}}: versions, API
    check: Callable  # (submission) -> list[FieldProblem]: what blocks 报送 and 采纳
    field_labels: dict  # a row's fields in content, in order, with their Chinese names (the versions page)


PARTS: Registry[ReportPart] = Registry("填报的组成部分")


def parts_of(submission) -> list[ReportPart]:
    return [part for part in PARTS if part.applies(submission)]


def problems_of(submission) -> list[tuple[str, FieldProblem]]:
    """Every part's problems that block 报送 and 采纳, with the part's code."""
    return [(part.code, problem) for part in parts_of(submission) for problem in part.check(submission)]
