"""A programme refused: a programme file, one of its entries or an edit of one programme, with every problem
named by its path (programmes[0].rules.cap_per_item in a file, rules.cap_per_item in an edit)."""

from dataclasses import dataclass

from liangxin.core.errors import FieldProblem, Invalid


@dataclass(frozen=True)
class ProgrammeProblem(FieldProblem):
    label: str = ""  # the field's Chinese name, given where an edit names its fields

    @property
    def path(self) -> str:
        return self.field

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProgrammeInvalid(Invalid):
    default_message = "补贴项目内容有误，未作任何更改"
