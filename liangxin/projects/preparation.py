"""前期工作: a project's checklist items (审批/核准/备案, 用地, 节能审查, 环评, 施工许可), each reported with its
state, document number and date; and the maturity score derived from them and the schedule, with the
reasons a person reads."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.projects import access
from liangxin.projects.codes import APPROVAL_KINDS, CHECK_ITEMS, ITEM_STATES
from liangxin.projects.models import ChecklistItem, Project

SCHEDULE_POINTS = 10  # a start within the next six months (or already started) adds this much, on top of 100


@transaction.atomic
def report(
    user: User,
    project: Project,
    item: str,
    state: str,
    *,
    approval_kind: str = "",
    document_number: str = "",
    done_on: date | None = None,
) -> ChecklistItem:
    access.require_edit(user, project)
    problems = []
    if item not in CHECK_ITEMS:
        problems.append(FieldProblem("item", f"事项：应为{'、'.join(i.label for i in CHECK_ITEMS)}之一"))
    if state not in ITEM_STATES:
        problems.append(FieldProblem("state", f"状态：应为{'、'.join(s.label for s in ITEM_STATES)}之一"))
    if item == "approval" and state not in ("not_needed",) and approval_kind not in APPROVAL_KINDS:
        problems.append(FieldProblem("approval_kind", "审批方式：应为审批、核准或备案之一"))
    if state == "done" and not (document_number.strip() and done_on):
        problems.append(FieldProblem("document_number", "已办结的事项须填写文号和办结日期"))
    if len(document_number) > 60:
        problems.append(FieldProblem("document_number", "文号：最多 60 字"))
    if done_on and done_on > timezone.localdate():
        problems.append(FieldProblem("done_on", "办结日期：不能晚于今天"))
    if problems:
        raise Invalid(problems[0].message if len(problems) == 1 else "前期工作有误", problems)
    entry = ChecklistItem.objects.select_for_update().get(project=project, item=item)
    before = {
        "state": entry.state,
        "approval_kind": entry.approval_kind,
        "document_number": entry.document_number,
    }
    entry.state, entry.approval_kind = state, approval_kind if item == "approval" else ""
    entry.document_number, entry.done_on = document_number.strip(), done_on if state == "done" else None
    entry.save()
    after = {
        "state": entry.state,
        "approval_kind": entry.approval_kind,
        "document_number": entry.document_number,
    }
    chain.record("project.checklist", obj=project, before={item: before}, after={item: after})
    return entry


@dataclass(frozen=True)
class Maturity:
    score: int  # 0–110: the checklist's 100 and the schedule's 10
    reasons: list[str]


def maturity(
    project: Project, items: list[ChecklistItem] | None = None, today: date | None = None
) -> Maturity:
    """How ready a project is to be put forward: each item it needs earns its weight when 已办结 (half while
    办理中); an item it does not need counts as done; a start within six months adds SCHEDULE_POINTS."""
    items = list(project.checklist.all()) if items is None else items
    today = today or timezone.localdate()
    earned, reasons = 0, []
    for entry in sorted(items, key=lambda e: list(CHECK_ITEMS).index(CHECK_ITEMS[e.item])):
        check, state = CHECK_ITEMS[entry.item], ITEM_STATES[entry.state]
        earned += check.weight * state.earns
        if entry.state in ("not_started", "in_progress"):
            reasons.append(
                f"{check.label}{state.label}（{check.weight} 分中得 {check.weight * state.earns // 100} 分）"
            )
    score = earned // 100
    months = (project.start.year - today.year) * 12 + project.start.month - today.month
    if months < 0:
        score += SCHEDULE_POINTS
        reasons.append(f"计划 {project.start:%Y年%m月} 开工，已到计划开工时间（加 {SCHEDULE_POINTS} 分）")
    elif months <= 6:
        score += SCHEDULE_POINTS
        reasons.append(f"计划 {project.start:%Y年%m月} 开工，半年内可开工（加 {SCHEDULE_POINTS} 分）")
    else:
        reasons.append(f"计划 {project.start:%Y年%m月} 开工，距今超过半年")
    if not any(e.state in ("not_started", "in_progress") for e in items):
        reasons.insert(0, "前期工作全部办结或不需要")
    return Maturity(score, reasons)
