"""Pages of the project reserve: the list with its filters, one project (record, 前期工作 and maturity, stage
timeline, funding), the forms, the Excel imports, the recommendation list for a funding round and the
roll-ups."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts.models import Department
from liangxin.accounts.scope import has_perm
from liangxin.core import excel
from liangxin.core.downloads import attachment
from liangxin.core.errors import DomainError
from liangxin.plans.fields import FIELDS
from liangxin.projects import (
    access,
    baselines,
    documents,
    funding,
    list_excel,
    list_import,
    preparation,
    progress,
    queries,
    ranking,
    records,
    rollups,
    sheet_imports,
    stages,
)
from liangxin.projects.codes import (
    APPROVAL_KINDS,
    CHECK_ITEMS,
    CONSTRUCTION_KINDS,
    IMPORT_KINDS,
    ITEM_STATES,
    STAGES,
)
from liangxin.projects.models import Funding, FundingChannel, StageChange


def _towns():
    return Department.objects.filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


def _departments():
    return Department.objects.exclude(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


@login_required
def project_export(request):
    found = queries.matching(request.user, **{k: request.GET.get(k, "") for k in queries.FILTERS})
    return attachment(list_excel.export(found), "项目库.xlsx", excel.XLSX_TYPE, ascii_name="projects.xlsx")


@login_required
def import_template(request):
    access.require_edit(request.user, None)
    kind = sheet_imports.kind_of(request.GET.get("kind", ""))
    name = f"{IMPORT_KINDS.label(kind)}导入模板.xlsx"
    return attachment(sheet_imports.template(kind), name, excel.XLSX_TYPE, ascii_name=f"{kind}-template.xlsx")


@login_required
def project_import(request):
    """One page for each kind of import (?kind=, the project list by default): the upload and each fault."""
    access.require_edit(request.user, None)
    kind = sheet_imports.kind_of(request.GET.get("kind", ""))
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": None, "message": "请选择要导入的 Excel 文件"}]
        else:
            try:
                summary = sheet_imports.run(request.user, kind, upload.read())
            except DomainError as exc:
                problems = [{"row": p.row, "message": p.message} for p in exc.problems] or [
                    {"row": None, "message": exc.message}
                ]
            else:
                messages.success(
                    request,
                    f"{IMPORT_KINDS.label(kind)}导入完成：新增 {summary['created']} 条，"
                    f"更新 {summary['updated']} 条，未变 {summary['unchanged']} 条。",
                )
                return redirect("projects:baselines" if kind == "baselines" else "projects:list")
    return render(
        request,
        "projects/import.html",
        {
            "kind": kind,
            "kinds": IMPORT_KINDS,
            "kind_label": IMPORT_KINDS.label(kind),
            "query": urlencode({"kind": kind}),
            "problems": problems,
            "guide": sheet_imports.guide(kind),
            "coordinator": has_perm(request.user, "project.confirm"),
            "max_rows": list_import.MAX_ROWS,
        },
        status=422 if problems else 200,
    )


@login_required
def project_list(request):
    params = request.GET
    found = queries.matching(request.user, **{k: params.get(k, "") for k in queries.FILTERS})
    page = Paginator(found, 50).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    pending = []
    if has_perm(request.user, "project.confirm"):
        pending = StageChange.objects.filter(status=StageChange.Status.PENDING).select_related("project")
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "fields": FIELDS,
            "stages": STAGES,
            "construction_kinds": CONSTRUCTION_KINDS,
            "towns": _towns(),
            "departments": _departments(),
            "can_create": access.may_edit(request.user, None),
            "pending": pending,
        },
    )


def _form(request, project, values, problems, status=200):
    return render(
        request,
        "projects/form.html",
        {
            "project": project,
            "values": values,
            "problems": problems,
            "fields": FIELDS,
            "construction_kinds": CONSTRUCTION_KINDS,
            "towns": _towns(),
            "departments": _departments(),
            "directions": records.DIRECTIONS,
        },
        status=status,
    )


def _posted(post) -> dict:
    values = {k: post.get(k, "").strip() for k in records.LABELS if k != "directions"}
    values["directions"] = post.getlist("directions")
    return values


@login_required
def project_create(request):
    access.require_edit(request.user, None)
    if request.method == "POST":
        values = _posted(request.POST)
        try:
            project = records.create(request.user, values)
        except DomainError as exc:
            return _form(request, None, values, exc.messages_by_field(), status=exc.status)
        messages.success(request, f"已登记项目：{project.name}")
        return redirect("projects:detail", pk=project.pk)
    return _form(
        request, None, {"department": request.user.department.code if request.user.department else ""}, {}
    )


@login_required
def project_edit(request, pk):
    project = access.project_or_404(request.user, pk)
    access.require_edit(request.user, project)
    if request.method == "POST":
        values = _posted(request.POST)
        try:
            _, changed = records.update(request.user, project, values)
        except DomainError as exc:
            return _form(request, project, values, exc.messages_by_field(), status=exc.status)
        messages.success(request, "项目已修改" if changed else "内容没有变化，未作修改")
        return redirect("projects:detail", pk=project.pk)
    values = records.snapshot(project) | {"owner": project.owner.credit_code}
    return _form(request, project, values, {})


def _detail(request, project, problems=None, status=200):
    user = request.user
    checklist = list(project.checklist.all())
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "field": FIELDS[project.field],
            "construction": CONSTRUCTION_KINDS[project.construction],
            "stage": STAGES[project.stage],
            "actions": access.allowed_actions(user, project),
            "checklist": [(e, CHECK_ITEMS[e.item], ITEM_STATES[e.state]) for e in checklist],
            "maturity": preparation.maturity(project, checklist),
            "timeline": project.stage_changes.select_related("asked_by", "decided_by"),
            "next_stages": [STAGES[s] for s in stages.next_stages(project)],
            "funding": project.funding.select_related("channel"),
            "totals": funding.totals(project),
            "channels": FundingChannel.objects.all(),
            "item_states": ITEM_STATES,
            "approval_kinds": APPROVAL_KINDS.items(),
            "funding_kinds": Funding.Kind.choices,
            "problems": problems or {},
            "progress": [(row, progress.is_accepted(row)) for row in progress.history(project)],
            "documents": project.documents.select_related("uploaded_by"),
        },
        status=status,
    )


@login_required
def project_detail(request, pk):
    return _detail(request, access.project_or_404(request.user, pk))


def _act(request, pk, act, done: str):
    project = access.project_or_404(request.user, pk)
    try:
        act(project)
    except DomainError as exc:
        return _detail(request, project, exc.messages_by_field(), status=exc.status)
    messages.success(request, done)
    return redirect("projects:detail", pk=project.pk)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@login_required
@require_POST
def checklist_report(request, pk):
    post = request.POST
    return _act(
        request,
        pk,
        lambda p: preparation.report(
            request.user,
            p,
            post.get("item", ""),
            post.get("state", ""),
            approval_kind=post.get("approval_kind", ""),
            document_number=post.get("document_number", ""),
            done_on=_date(post.get("done_on", "")),
        ),
        "前期工作已更新",
    )


@login_required
@require_POST
def stage_move(request, pk):
    post = request.POST
    on = _date(post.get("on", ""))
    if on is None:
        project = access.project_or_404(request.user, pk)
        return _detail(request, project, {"on": ["日期：应为日期，如 2025-03-01"]}, status=422)
    return _act(
        request,
        pk,
        lambda p: stages.move(request.user, p, post.get("to", ""), on, post.get("note", "")),
        "项目阶段已变更（申报、下达待统筹协调人员确认）",
    )


@login_required
@require_POST
def stage_decide(request, change_id):
    access.require_confirm(request.user)
    change = get_object_or_404(
        StageChange.objects.filter(project__in=access.projects_for(request.user)), pk=change_id
    )
    confirm = request.POST.get("decision") == "confirm"
    try:
        stages.decide(request.user, change, confirm, request.POST.get("note", ""))
        messages.success(request, "已确认" if confirm else "已不予确认")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("projects:detail", pk=change.project_id)


@login_required
@require_POST
def funding_add(request, pk):
    post = request.POST
    project = access.project_or_404(request.user, pk)
    access.require_edit(request.user, project)
    on = _date(post.get("on", ""))
    if on is None:
        return _detail(request, project, {"on": ["日期：应为日期，如 2025-03-01"]}, status=422)
    return _act(
        request,
        pk,
        lambda p: funding.add(
            request.user,
            p,
            post.get("channel", ""),
            post.get("kind", ""),
            post.get("amount", ""),
            on,
            post.get("document_number", ""),
        ),
        "资金已登记",
    )


RECOMMEND_HEADERS = [
    "序号",
    "项目名称",
    "项目单位",
    "统一社会信用代码",
    "项目代码",
    "领域",
    "建设性质",
    "所在街道/镇",
    "总投资（万元）",
    "设备投资（万元）",
    "计划开工",
    "计划竣工",
    "责任部门",
    "成熟度",
    "得分",
    "排序理由",
]


@login_required
def recommend(request):
    direction = request.GET.get("direction", "")
    ranked = ranking.recommend(access.projects_for(request.user), direction)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                r.rank,
                r.project.name,
                r.project.owner.name,
                r.project.owner.credit_code,
                r.project.code,
                FIELDS.label(r.project.field),
                CONSTRUCTION_KINDS.label(r.project.construction),
                r.project.town.name if r.project.town else "",
                r.project.total_investment,
                r.project.equipment_investment,
                r.project.start,
                r.project.end,
                r.project.department.name,
                r.maturity,
                r.score,
                "；".join(r.reasons),
            ]
            for r in ranked
        ]
        workbook = excel.new_workbook()
        excel.add_sheet(workbook, "推荐项目清单", RECOMMEND_HEADERS, rows)
        return attachment(
            excel.to_bytes(workbook),
            f"推荐项目清单{('·' + direction) if direction else ''}.xlsx",
            excel.XLSX_TYPE,
            ascii_name="recommended.xlsx",
        )
    return render(
        request,
        "projects/recommend.html",
        {"ranked": ranked, "direction": direction, "directions": records.DIRECTIONS},
    )


@login_required
def summary(request):
    projects = access.projects_for(request.user)
    years, fields = rollups.by_field_and_year(projects)
    done_years, done_fields, done_goal = rollups.equipment_against_baseline(projects)
    return render(
        request,
        "projects/summary.html",
        {
            "years": years,
            "fields": fields,
            "done_years": done_years,
            "done_fields": done_fields,
            "done_goal": done_goal,
            "baseline_year": baselines.BASELINE_YEAR,
            "channels": rollups.by_channel(projects),
            "stages": rollups.by_stage(projects),
            "towns": rollups.by_town(projects),
        },
    )


@login_required
@require_POST
def document_upload(request, pk):
    upload = request.FILES.get("document")
    project = access.project_or_404(request.user, pk)
    access.require_edit(request.user, project)
    if upload is None:
        return _detail(request, project, {"document": ["文件：请选择要上传的文件"]}, status=422)
    if upload.size > documents.MAX_BYTES:
        return _detail(request, project, {"document": ["文件：超过 20 MB"]}, status=422)
    return _act(
        request, pk, lambda p: documents.attach(request.user, p, upload.name, upload.read()), "文件已上传"
    )


def _document(request, pk, document_id):
    project = access.project_or_404(request.user, pk)
    return get_object_or_404(project.documents.select_related("project"), pk=document_id)


@login_required
def document_download(request, pk, document_id):
    document = _document(request, pk, document_id)
    return attachment(
        documents.read(document), document.original_name, documents.CONTENT_TYPES[document.kind]
    )


@login_required
@require_POST
def document_delete(request, pk, document_id):
    document = _document(request, pk, document_id)
    documents.remove(request.user, document)
    messages.success(request, f"已删除文件“{document.original_name}”")
    return redirect("projects:detail", pk=pk)


@login_required
def baseline_table(request):
    access.require_view_all(request.user)
    problems, typed, status = {}, {}, 200
    if request.method == "POST":
        typed = request.POST
        try:
            baselines.put(
                request.user, typed.get("field", ""), typed.get("year", ""), typed.get("amount", "")
            )
            messages.success(request, "基准数已保存")
            return redirect("projects:baselines")
        except DomainError as exc:
            problems, status = exc.messages_by_field(), exc.status
    return render(
        request,
        "projects/baselines.html",
        {
            "rows": baselines.table(),
            "year": baselines.BASELINE_YEAR,
            "fields": FIELDS,
            "typed": typed,
            "problems": problems,
            "can_edit": has_perm(request.user, "project.confirm"),
        },
        status=status,
    )
