"""Plan file ⇄ database. Loading updates in place (matching sections and tasks by number, indicators by
code, targets by year), so later data attached to an indicator survives a corrected plan file."""

from django.db import transaction

from liangxin.accounts.models import Department
from liangxin.audit import chain
from liangxin.plans.models import (
    Indicator,
    Plan,
    PlanDepartment,
    Policy,
    PolicyLead,
    Section,
    Target,
    Task,
    TaskLead,
)
from liangxin.plans.planfile import (
    Baseline,
    DepartmentEntry,
    IndicatorEntry,
    Period,
    PlanFile,
    PlanFileInvalid,
    PlanProblem,
    PolicyEntry,
    SectionEntry,
    TargetEntry,
    TaskEntry,
    validate_file,
)


def _sync_departments(entries: list[DepartmentEntry]) -> dict[str, Department]:
    by_code = {}
    for entry in entries:
        dept, _ = Department.objects.update_or_create(
            code=entry.code, defaults={"name": entry.name, "short_name": entry.short_name, "kind": entry.kind}
        )
        by_code[entry.code] = dept
    for entry in entries:
        parent = by_code.get(entry.parent) if entry.parent else None
        Department.objects.filter(pk=by_code[entry.code].pk).update(parent=parent)
    return {by_code[e.code].name: by_code[e.code] for e in entries}


def _sync_leads(through_model, owner_field: str, owner, departments: list[Department]) -> None:
    through_model.objects.filter(**{owner_field: owner}).delete()
    through_model.objects.bulk_create(
        [through_model(**{owner_field: owner}, department=d, position=i) for i, d in enumerate(departments)]
    )


def _sync_indicator(plan, task, position, entry: IndicatorEntry, depts) -> Indicator:
    baseline = entry.baseline
    indicator, _ = Indicator.objects.update_or_create(
        plan=plan,
        code=entry.code,
        defaults={
            "task": task,
            "position": position,
            "name": entry.name,
            "unit": entry.unit,
            "value_unit": entry.value_unit,
            "kind": entry.kind,
            "accumulation": entry.accumulation,
            "comparison": entry.comparison,
            "tolerance": entry.tolerance,
            "has_baseline": baseline is not None,
            "baseline_year": baseline.year if baseline else None,
            "baseline_value": baseline.value if baseline else None,
            "reporting_department": depts[entry.reporting_department] if entry.reporting_department else None,
            "source": entry.source,
            "source_of_value": entry.source_of_value,
        },
    )
    years = [t.year for t in entry.targets]
    indicator.targets.exclude(year__in=years).delete()
    for target in entry.targets:
        Target.objects.update_or_create(
            indicator=indicator, year=target.year, defaults={"value": target.value, "note": target.note}
        )
    return indicator


def _complete(planfile: PlanFile) -> bool:
    """Whether every goal, section, task and indicator of the file (maybe salvaged) is there with its key,
    so that what is missing from it was dropped, not broken."""
    sections = planfile.sections
    if planfile.goals is None or sections is None or None in sections:
        return False
    tasks = [t for s in sections for t in (s.tasks if s.tasks is not None else [None])]
    indicators = list(planfile.goals) + [i for t in tasks if t is not None for i in (t.indicators or [])]
    return (
        None not in tasks
        and None not in indicators
        and all(s.number is not None for s in sections)
        and all(t.number is not None and t.indicators is not None for t in tasks)
        and all(i.code is not None for i in indicators)
    )


def database_problems(planfile: PlanFile) -> list[PlanProblem]:
    """What the file would break in the database: a department name already used under another code, or
    an indicator or task dropped from the file although departments have reported on it. `planfile` may be
    salvaged from a file with faults (PlanFileInvalid.salvaged): a check whose part of it is broken is
    skipped, so that a file's every fault can be named at once."""
    problems = []
    for i, entry in enumerate(planfile.departments or []):
        if entry is None or entry.name is None or entry.code is None:
            continue
        clash = Department.objects.filter(name=entry.name).exclude(code=entry.code).first()
        if clash is not None:
            problems.append(
                PlanProblem(
                    f"departments[{i}].code",
                    f"部门“{entry.name}”已以代码 {clash.code} 存在，不能改用 {entry.code}",
                )
            )
    existing = Plan.objects.filter(code=planfile.code).first() if planfile.code else None
    if existing is not None and _complete(planfile):
        kept = {ind.code for _, ind, _ in planfile.all_indicators()}
        reported = existing.indicators.exclude(code__in=kept).filter(reported_values__isnull=False).distinct()
        tasks = {
            t.number: f"sections[{s}].tasks[{i}]"
            for s, section in enumerate(planfile.sections)
            for i, t in enumerate(section.tasks)
        }
        sections = {section.number: f"sections[{s}]" for s, section in enumerate(planfile.sections)}
        for ind in reported.select_related("task"):
            # where the indicator was: the goals, its task's indicators, or (its task gone too) the sections
            where = "goals" if ind.task is None else tasks.get(ind.task.number, "sections")
            where += ".indicators" if where.endswith("]") else ""
            problems.append(
                PlanProblem(where, f"指标 {ind.code}（{ind.name}）已有填报数据，不能从方案中删除")
            )
        narrated = existing.tasks.exclude(number__in=list(tasks)).filter(narratives__isnull=False).distinct()
        for task in narrated.select_related("section"):
            where = sections.get(task.section.number, "sections")
            where += ".tasks" if where.endswith("]") else ""
            problems.append(
                PlanProblem(where, f"任务 {task.number}（{task.title}）已有填报内容，不能从方案中删除")
            )
    return problems


def check_file(path) -> PlanFile:
    """The file, valid and fitting the database; or PlanFileInvalid naming every fault of both kinds, its
    `conflicts` counting those with the database."""
    try:
        plan, problems = validate_file(path), []
    except PlanFileInvalid as exc:
        plan, problems = exc.salvaged, exc.problems
    conflicts = [] if plan is None else database_problems(plan)
    if problems or conflicts:
        error = PlanFileInvalid(problems + conflicts)
        error.conflicts = len(conflicts)
        raise error
    return plan


@transaction.atomic
def load_plan(planfile: PlanFile) -> tuple[Plan, bool]:
    """Create or update the plan from a validated file; one audit entry with the whole before and after.
    Raises PlanFileInvalid, changing nothing, when the file conflicts with what the database holds."""
    problems = database_problems(planfile)
    if problems:
        raise PlanFileInvalid(problems)
    existing = Plan.objects.filter(code=planfile.code).first()
    before = export_plan(existing).canonical() if existing else None
    depts = _sync_departments(planfile.departments)
    plan, created = Plan.objects.update_or_create(
        code=planfile.code,
        defaults={
            "title": planfile.title,
            "document_number": planfile.document_number,
            "issuer": planfile.issuer,
            "issued_on": planfile.issued_on,
            "baseline_year": planfile.baseline_year,
            "start_year": planfile.period.start_year,
            "end_year": planfile.period.end_year,
            "basis": planfile.basis,
        },
    )
    PlanDepartment.objects.filter(plan=plan).delete()
    PlanDepartment.objects.bulk_create(
        [
            PlanDepartment(plan=plan, department=depts[d.name], position=i)
            for i, d in enumerate(planfile.departments)
        ]
    )

    kept_indicators = []
    for position, entry in enumerate(planfile.goals):
        kept_indicators.append(_sync_indicator(plan, None, position, entry, depts).pk)

    kept_sections, kept_tasks, task_position, indicator_position = [], [], 0, len(planfile.goals)
    for s in planfile.sections:
        section, _ = Section.objects.update_or_create(
            plan=plan, number=s.number, defaults={"kind": s.kind, "title": s.title}
        )
        kept_sections.append(section.pk)
        for t in s.tasks:
            task, _ = Task.objects.update_or_create(
                plan=plan,
                number=t.number,
                defaults={
                    "section": section,
                    "position": task_position,
                    "title": t.title,
                    "text": t.text,
                    "responsibility": t.responsibility,
                    "lead_others": t.lead_others,
                },
            )
            task_position += 1
            kept_tasks.append(task.pk)
            _sync_leads(TaskLead, "task", task, [depts[name] for name in t.lead_departments])
            for entry in t.indicators:
                kept_indicators.append(_sync_indicator(plan, task, indicator_position, entry, depts).pk)
                indicator_position += 1
    plan.indicators.exclude(pk__in=kept_indicators).delete()
    plan.tasks.exclude(pk__in=kept_tasks).delete()
    plan.sections.exclude(pk__in=kept_sections).delete()

    kept_policies = []
    for position, p in enumerate(planfile.policies):
        policy, _ = Policy.objects.update_or_create(
            plan=plan, group=p.group, number=p.number, defaults={"position": position, "name": p.name}
        )
        kept_policies.append(policy.pk)
        _sync_leads(PolicyLead, "policy", policy, [depts[name] for name in p.lead_departments])
    plan.policies.exclude(pk__in=kept_policies).delete()

    after = export_plan(plan).canonical()
    if after != before:
        chain.record("plan.create" if created else "plan.update", obj=plan, before=before, after=after)
    return plan, created


def _indicator_entry(ind: Indicator) -> IndicatorEntry:
    return IndicatorEntry(
        code=ind.code,
        name=ind.name,
        unit=ind.unit,
        value_unit=ind.value_unit,
        kind=ind.kind,
        accumulation=ind.accumulation,
        comparison=ind.comparison,
        tolerance=ind.tolerance,
        baseline=Baseline(year=ind.baseline_year, value=ind.baseline_value) if ind.has_baseline else None,
        reporting_department=ind.reporting_department.name if ind.reporting_department else None,
        targets=[TargetEntry(year=t.year, value=t.value, note=t.note) for t in ind.targets.all()],
        source=ind.source,
        source_of_value=_declaration(ind.source_of_value),
    )


def _declaration(stored: dict | None) -> dict | None:
    """`source` first, the params in the order stored (PostgreSQL's jsonb keeps its own key order)."""
    if stored is None:
        return None
    return {"source": stored.get("source"), **{k: v for k, v in stored.items() if k != "source"}}


def export_plan(plan: Plan) -> PlanFile:
    """The plan as a PlanFile, built from the database alone."""
    plan = Plan.objects.prefetch_related(
        "plandepartment_set__department__parent",
        "sections__tasks__leads__department",
        "indicators__targets",
        "indicators__reporting_department",
        "policies__leads__department",
    ).get(pk=plan.pk)
    indicators_by_task: dict[int | None, list[Indicator]] = {}
    for ind in plan.indicators.all():
        indicators_by_task.setdefault(ind.task_id, []).append(ind)
    return PlanFile(
        code=plan.code,
        title=plan.title,
        document_number=plan.document_number,
        issuer=plan.issuer,
        issued_on=plan.issued_on,
        baseline_year=plan.baseline_year,
        period=Period(start_year=plan.start_year, end_year=plan.end_year),
        basis=plan.basis,
        departments=[
            DepartmentEntry(
                name=pd.department.name,
                short_name=pd.department.short_name,
                code=pd.department.code,
                kind=pd.department.kind,
                parent=pd.department.parent.code if pd.department.parent else None,
            )
            for pd in plan.plandepartment_set.all()
        ],
        goals=[_indicator_entry(i) for i in indicators_by_task.get(None, [])],
        sections=[
            SectionEntry(
                number=section.number,
                kind=section.kind,
                title=section.title,
                tasks=[
                    TaskEntry(
                        number=task.number,
                        title=task.title,
                        text=task.text,
                        lead_departments=[lead.department.name for lead in task.leads.all()],
                        lead_others=task.lead_others,
                        responsibility=task.responsibility,
                        indicators=[_indicator_entry(i) for i in indicators_by_task.get(task.pk, [])],
                    )
                    for task in sorted(section.tasks.all(), key=lambda t: t.position)
                ],
            )
            for section in plan.sections.all()
        ],
        policies=[
            PolicyEntry(
                group=p.group,
                number=p.number,
                name=p.name,
                lead_departments=[lead.department.name for lead in p.leads.all()],
            )
            for p in plan.policies.all()
        ],
    )
