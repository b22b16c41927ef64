"""Monthly progress of projects, as a part of the responsible department's report for a reporting period
(reporting.parts): for each of its projects in 入选/下达 or 开工 (and, if it wishes, 储备 or 申报) the
investment completed to date and of it equipment (cumulative, 万元) and the 形象进度. It is saved with the
submission's draft, goes through the same 报送 → 审核 → 采纳, and counts once the submission is accepted.

A cumulative figure is refused, not flagged, when it is below the one accepted for an earlier period (or
above one accepted for a later period), above the project's total or equipment investment, or when the
equipment figure exceeds the investment figure: each of these is a typing error, never a fact to explain.
"""

from decimal import Decimal

from django.db.models import Q

from liangxin.core.display import plain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.projects.models import Project, ProjectProgress
from liangxin.projects.records import _amount
from liangxin.reporting.parts import PARTS, ReportPart

CODE = "project_progress"
REQUIRED_STAGES = ("selected", "started")  # 入选/下达, 开工: reported every period
OPTIONAL_STAGES = ("reserve", "applied")  # 储备, 申报: when the department wishes
AMOUNTS = {"investment_done": "累计完成投资（万元）", "equipment_done": "其中设备投资（万元）"}
IMAGE_LABEL, IMAGE_LIMIT = "形象进度", 300
ACCEPTED = "accepted"


class ProgressInvalid(Invalid):
    summary = "项目进度有误"


def _reportable(submission):
    """The department's projects this report covers: those in the stages above, and any it already has."""
    return (
        Project.objects.filter(department_id=submission.department_id)
        .filter(Q(stage__in=REQUIRED_STAGES + OPTIONAL_STAGES) | Q(progress__submission_id=submission.pk))
        .distinct()
        .order_by("stage", "name", "id")
    )


def applies(submission) -> bool:
    return _reportable(submission).exists()


def _accepted(submission, project_ids, later: bool) -> dict[int, ProjectProgress]:
    """Per project, the nearest accepted report of an earlier period (or of a later one)."""
    ends = (
        {"submission__period__end__gt": submission.period.end}
        if later
        else {"submission__period__end__lt": submission.period.end}
    )
    rows = ProjectProgress.objects.filter(
        project_id__in=project_ids, submission__status=ACCEPTED, **ends
    ).select_related("submission__period")
    nearest: dict[int, ProjectProgress] = {}
    for row in rows.order_by("submission__period__end" if later else "-submission__period__end"):
        nearest.setdefault(row.project_id, row)
    return nearest


def _key(project_id, name: str = "") -> str:
    return f"progress-{project_id}-{name}" if name else f"progress-{project_id}"


def _faults(project: Project, values: dict, earlier, later) -> list[FieldProblem]:
    """The cumulative rules, each fault naming the project and the field."""
    found = []
    limits = {"investment_done": project.total_investment, "equipment_done": project.equipment_investment}
    limit_words = {"investment_done": "总投资", "equipment_done": "设备投资"}
    for name, label in AMOUNTS.items():
        value = values[name]
        say = f"{project.name}：{label}"
        if value > limits[name]:
            found.append(
                FieldProblem(
                    _key(project.pk, name),
                    f"{say} {plain(value)} 超过项目{limit_words[name]} {plain(limits[name])} 万元",
                )
            )
        if earlier is not None and value < getattr(earlier, name):
            found.append(
                FieldProblem(
                    _key(project.pk, name),
                    f"{say} {plain(value)} 低于已采纳的{earlier.submission.period}累计值 "
                    f"{plain(getattr(earlier, name))}（累计数只增不减）",
                )
            )
        if later is not None and value > getattr(later, name):
            found.append(
                FieldProblem(
                    _key(project.pk, name),
                    f"{say} {plain(value)} 高于已采纳的{later.submission.period}累计值 "
                    f"{plain(getattr(later, name))}",
                )
            )
    if values["equipment_done"] > values["investment_done"]:
        found.append(
            FieldProblem(
                _key(project.pk, "equipment_done"), f"{project.name}：其中设备投资不能大于累计完成投资"
            )
        )
    return found


def clean(submission, payload) -> dict:
    """{project id: {investment_done, equipment_done, image_progress} or None to remove} → {Project: values
    or None}; every fault named by project and field."""
    if not isinstance(payload, dict):
        raise ProgressInvalid("项目进度应为“项目编号 → 填报内容”的对应表")
    projects = {str(p.pk): p for p in _reportable(submission)}
    problems: list[FieldProblem] = []
    cleaned: dict = {}
    for key, given in payload.items():
        project = projects.get(str(key))
        if project is None:
            problems.append(
                FieldProblem(_key(key), f"项目 {key} 不是{submission.department.name}本期应报进度的项目")
            )
            continue
        if given is None:
            cleaned[project] = None
            continue
        values, faults = {}, []
        for name, label in AMOUNTS.items():
            raw = str((given or {}).get(name) or "").strip()
            try:
                if not raw:
                    raise ValueError("必填")
                values[name] = _amount(raw)
            except ValueError as exc:
                faults.append(FieldProblem(_key(project.pk, name), f"{project.name}：{label}{exc}"))
        image = str((given or {}).get("image_progress") or "").strip()
        if wrong := text_problem(image, IMAGE_LIMIT):
            faults.append(
                FieldProblem(_key(project.pk, "image_progress"), f"{project.name}：{IMAGE_LABEL}{wrong}")
            )
        values["image_progress"] = image
        problems += faults
        if not faults:
            cleaned[project] = values
    if problems:
        raise ProgressInvalid(problems[0].message if len(problems) == 1 else "项目进度有误", problems)
    ids = [p.pk for p in cleaned]
    earlier, later = _accepted(submission, ids, False), _accepted(submission, ids, True)
    for project, values in cleaned.items():
        if values is not None:
            problems += _faults(project, values, earlier.get(project.pk), later.get(project.pk))
    if problems:
        raise ProgressInvalid(problems[0].message if len(problems) == 1 else "项目进度有误", problems)
    return cleaned


def save(user, submission, cleaned: dict) -> None:
    for project, values in cleaned.items():
        if values is None:
            ProjectProgress.objects.filter(project=project, submission=submission).delete()
        else:
            ProjectProgress.objects.update_or_create(
                project=project, submission=submission, defaults=values | {"entered_by": user}
            )


def content(submission) -> dict:
    return {
        str(row.project_id): {
            "label": row.project.name,
            "investment_done": plain(row.investment_done),
            "equipment_done": plain(row.equipment_done),
            "image_progress": row.image_progress,
        }
        for row in ProjectProgress.objects.filter(submission=submission).select_related("project")
    }


def check(submission) -> list[FieldProblem]:
    """Before 报送 and 采纳: each project in 入选/下达 or 开工 reported, and the cumulative rules still hold
    against what has been accepted since the draft was saved."""
    rows = {r.project_id: r for r in ProjectProgress.objects.filter(submission=submission)}
    problems = [
        FieldProblem(_key(p.pk), f"{p.name}：请填报本期累计完成投资、其中设备投资和形象进度")
        for p in _reportable(submission)
        if p.stage in REQUIRED_STAGES and p.pk not in rows
    ]
    projects = Project.objects.in_bulk(list(rows))
    earlier, later = _accepted(submission, list(rows), False), _accepted(submission, list(rows), True)
    for project_id, row in rows.items():
        values = {name: getattr(row, name) for name in AMOUNTS}
        problems += _faults(projects[project_id], values, earlier.get(project_id), later.get(project_id))
    return problems


def from_form(submission, post) -> dict:
    """The form's rows as the API's payload: a row left wholly empty removes that project's report."""
    payload = {}
    for project in _reportable(submission):
        names = [_key(project.pk, name) for name in (*AMOUNTS, "image_progress")]
        if not any(name in post for name in names):
            continue
        row = {name: post.get(_key(project.pk, name), "").strip() for name in (*AMOUNTS, "image_progress")}
        payload[str(project.pk)] = row if any(row.values()) else None
    return payload


def context(submission, typed) -> dict:
    projects = list(_reportable(submission).select_related("owner"))
    ids = [p.pk for p in projects]
    saved = {r.project_id: r for r in ProjectProgress.objects.filter(submission=submission)}
    earlier = _accepted(submission, ids, False)
    rows = []
    for project in projects:
        row = saved.get(project.pk)
        shown = {name: getattr(row, name) if row else "" for name in (*AMOUNTS, "image_progress")}
        if typed is not None:
            shown = {name: typed.get(_key(project.pk, name), shown[name]) for name in shown}
        rows.append(
            {
                "project": project,
                "required": project.stage in REQUIRED_STAGES,
                "earlier": earlier.get(project.pk),
                "values": shown,
                "keys": {name: _key(project.pk, name) for name in (*AMOUNTS, "image_progress")},
            }
        )
    return {"rows": rows, "image_limit": IMAGE_LIMIT}


def history(project: Project) -> list[ProjectProgress]:
    """The project's reports, newest period first, accepted or still in the workflow."""
    return list(
        project.progress.select_related(
            "submission__period", "submission__department", "entered_by"
        ).order_by("-submission__period__end", "-id")
    )


def is_accepted(row: ProjectProgress) -> bool:
    return row.submission.status == ACCEPTED


def completed_in(project_ids, year: int, until) -> dict[int, tuple[Decimal, Decimal]]:
    """Per project, the investment and equipment investment completed within `year` up to the day `until`:
    the last accepted cumulative figures up to then, less the last accepted before the year began."""
    rows = (
        ProjectProgress.objects.filter(
            project_id__in=project_ids, submission__status=ACCEPTED, submission__period__end__lte=until
        )
        .order_by("project_id", "submission__period__end")
        .values_list("project_id", "submission__period__end", "investment_done", "equipment_done")
    )
    before: dict[int, tuple[Decimal, Decimal]] = {}
    latest: dict[int, tuple[Decimal, Decimal]] = {}
    for project_id, end, investment, equipment in rows:
        if end.year < year:
            before[project_id] = (investment, equipment)
        elif end.year == year:
            latest[project_id] = (investment, equipment)
    zero = (Decimal(0), Decimal(0))
    return {
        pk: (done[0] - before.get(pk, zero)[0], done[1] - before.get(pk, zero)[1])
        for pk, done in latest.items()
    }


def register() -> None:
    PARTS.add(
        ReportPart(
            code=CODE,
            label="项目进度（累计完成投资、其中设备投资、形象进度）",
            applies=applies,
            template="projects/progress_part.html",
            context=context,
            from_form=from_form,
            clean=clean,
            save=save,
            content=content,
            check=check,
            field_labels=AMOUNTS | {"image_progress": IMAGE_LABEL},
        )
    )
