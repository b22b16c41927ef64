"""A project's stages, 谋划 → 储备 → 申报 → 入选/下达 → 开工 → 竣工, or 退出 with a reason. The responsible
department moves its project; 申报 and 下达 it asks for, and they take effect when the coordinator confirms.
Every change is dated, audited and kept for the project's timeline."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import Conflict, FieldProblem, Invalid
from liangxin.projects import access
from liangxin.projects.codes import STAGES
from liangxin.projects.models import Project, StageChange

_FORWARD = [s.code for s in sorted((s for s in STAGES if s.order), key=lambda s: s.order)]


def next_stages(project: Project) -> list[str]:
    """Where the project may go from here: the next stage, or 退出 (any time before 竣工)."""
    if project.stage in ("completed", "exited"):
        return []
    position = _FORWARD.index(project.stage)
    return [_FORWARD[position + 1], "exited"]


@transaction.atomic
def move(user: User, project: Project, to: str, on: date, note: str = "") -> StageChange:
    """Move the project (or ask to, for 申报 and 下达); 退出 needs a reason."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    access.require_edit(user, project)
    if to not in next_stages(project):
        allowed = "、".join(STAGES.label(s) for s in next_stages(project)) or "无"
        raise Conflict(
            f"项目现为“{STAGES.label(project.stage)}”，不能改为“{STAGES.label(to)}”（可改为：{allowed}）"
        )
    if project.stage_changes.filter(status=StageChange.Status.PENDING).exists():
        raise Conflict("已有一项阶段变更等待统筹协调人员确认")
    if to == "exited" and (wrong := reasons.problem(note)):
        raise Invalid(f"退出{wrong}", [FieldProblem("note", f"退出原因：{wrong}")])
    if on > timezone.localdate():
        raise Invalid("日期不能晚于今天", [FieldProblem("on", "日期：不能晚于今天")])
    confirm = STAGES[to].confirmed_by_coordinator
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=to,
        status=StageChange.Status.PENDING if confirm else StageChange.Status.DONE,
        note=note.strip()[:300],
        on=on,
        asked_by=user,
    )
    if confirm:
        chain.record("project.stage.ask", obj=project, after={"to": to, "on": on.isoformat()})
        return change
    _apply(project, change)
    chain.record("project.stage", obj=project, before={"stage": change.from_stage}, after={"stage": to})
    return change


def _apply(project: Project, change: StageChange) -> None:
    project.stage = change.to_stage
    if change.to_stage == "exited":
        project.exit_reason = change.note
    project.save(update_fields=["stage", "exit_reason", "updated_at"])


@transaction.atomic
def decide(user: User, change: StageChange, confirm: bool, note: str = "") -> StageChange:
    """The coordinator confirms (申报 or 下达 takes effect) or refuses with a reason."""
    access.require_confirm(user)
    change = StageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    if change.status != StageChange.Status.PENDING:
        raise Conflict("该阶段变更已处理")
    if not confirm and (wrong := reasons.problem(note)):
        raise Invalid(f"不予确认{wrong}", [FieldProblem("note", f"理由：{wrong}")])
    change.status = StageChange.Status.DONE if confirm else StageChange.Status.REFUSED
    change.decided_by, change.decided_at = user, timezone.now()
    if note.strip():
        change.note = f"{change.note}；{note.strip()}"[:300] if change.note else note.strip()[:300]
    change.save()
    project = Project.objects.select_for_update().get(pk=change.project_id)
    if confirm:
        _apply(project, change)
    chain.record(
        "project.stage.confirm" if confirm else "project.stage.refuse",
        obj=project,
        before={"stage": change.from_stage},
        after={"stage": project.stage, "asked": change.to_stage},
    )
    return change
