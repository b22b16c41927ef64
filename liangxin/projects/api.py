"""API of the project reserve: projects (search, one with its 前期工作, maturity, stages and funding; add,
change), reporting a 前期工作 item, moving a stage, recording funding, the recommendation list, and the
Excel imports (projects, 前期工作, funding, baselines) with their templates."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from liangxin.core import downloads, excel, jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, ProblemsOut, file_download, page
from liangxin.projects import (
    access,
    baselines,
    documents,
    funding,
    preparation,
    progress,
    queries,
    ranking,
    records,
    sheet_imports,
    stages,
)
from liangxin.projects.models import Project, ProjectDocument

router = Router(tags=["项目库"])


class ProjectOut(Schema):
    id: int
    name: str
    owner: str
    owner_name: str
    field: str
    construction: str
    town: str | None
    code: str
    total_investment: Number
    equipment_investment: Number
    start: date
    end: date
    department: str
    directions: list[str]
    stage: str
    stage_label: str


class ChecklistOut(Schema):
    item: str
    state: str
    approval_kind: str
    document_number: str
    done_on: date | None


class ProjectDetailOut(ProjectOut):
    checklist: list[ChecklistOut]
    maturity: int
    maturity_reasons: list[str]
    next_stages: list[str]
    actions: list[str]


class ProjectIn(Schema):
    name: str
    owner: str
    field: str
    construction: str = "other"
    town: str | None = None
    code: str = ""
    total_investment: Number
    equipment_investment: Number
    start: date
    end: date
    department: str
    directions: list[str] = []


class ProjectChanges(Schema):
    name: str | None = None
    owner: str | None = None
    field: str | None = None
    construction: str | None = None
    town: str | None = None
    code: str | None = None
    total_investment: Number | None = None
    equipment_investment: Number | None = None
    start: date | None = None
    end: date | None = None
    department: str | None = None
    directions: list[str] | None = None


class ChecklistIn(Schema):
    item: str
    state: str
    approval_kind: str = ""
    document_number: str = ""
    done_on: date | None = None


class StageIn(Schema):
    to: str
    on: date
    note: str = ""


class FundingIn(Schema):
    channel: str
    kind: str
    amount: Number
    on: date
    document_number: str = ""


class RankedOut(Schema):
    rank: int
    project: ProjectOut
    score: int
    maturity: int
    reasons: list[str]


def _out(p: Project) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "owner": p.owner.credit_code,
        "owner_name": p.owner.name,
        "field": p.field,
        "construction": p.construction,
        "town": p.town.code if p.town else None,
        "code": p.code,
        "total_investment": p.total_investment,
        "equipment_investment": p.equipment_investment,
        "start": p.start,
        "end": p.end,
        "department": p.department.code,
        "directions": p.directions,
        "stage": p.stage,
        "stage_label": p.get_stage_display(),
    }


def _detail(p: Project, user) -> dict:
    checklist = list(p.checklist.all())
    ready = preparation.maturity(p, checklist)
    return _out(p) | {
        "checklist": [
            {
                "item": e.item,
                "state": e.state,
                "approval_kind": e.approval_kind,
                "document_number": e.document_number,
                "done_on": e.done_on,
            }
            for e in checklist
        ],
        "maturity": ready.score,
        "maturity_reasons": ready.reasons,
        "next_stages": stages.next_stages(p),
        "actions": sorted(access.allowed_actions(user, p)),
    }


@router.get(
    "/projects",
    response=Page[ProjectOut],
    summary="项目库（按名称、项目代码、单位搜索；按领域（可逗号分隔多个，goal 为目标七领域）、阶段、责任部门、"
    "街道/镇、建设性质、开工年度（2026 或 2024-2026）、有已采纳进度的年度筛选）",
)
def list_projects(
    request,
    q: str = "",
    field: str = "",
    stage: str = "",
    department: str = "",
    town: str = "",
    construction: str = "",
    started: str = "",
    progress: str = "",
    limit: int = 100,
    offset: int = 0,
):
    filters = {
        "field": field,
        "stage": stage,
        "department": department,
        "town": town,
        "construction": construction,
        "started": started,
        "progress": progress,
    }
    found = page(queries.matching(request.user, q, **filters), limit, offset)
    return jsonout.response(found | {"items": [_out(p) for p in found["items"]]})


@router.post(
    "/projects",
    response={201: ProjectDetailOut, 403: ErrorOut, 422: ProblemsOut},
    summary="登记项目（金额单位万元）",
)
def create_project(request, body: ProjectIn):
    return jsonout.response(_detail(records.create(request.user, body.dict()), request.user), status=201)


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


@router.get(
    "/projects/import-template",
    response={403: ErrorOut, 422: ProblemsOut},
    summary="导入模板（Excel）：kind 为 projects（项目，默认）、checklist、funding 或 baselines",
    openapi_extra=file_download(excel.XLSX_TYPE, "导入模板 .xlsx 文件"),
)
def import_template(request, kind: str = "projects"):
    access.require_edit(request.user, None)
    kind = sheet_imports.kind_of(kind)
    return downloads.attachment(
        sheet_imports.template(kind),
        f"{kind}-template.xlsx",
        excel.XLSX_TYPE,
        ascii_name=f"{kind}-template.xlsx",
    )


@router.post(
    "/projects/import",
    response={200: ImportOut, 403: ErrorOut, 422: ProblemsOut},
    summary=(
        "从 Excel 导入（kind：projects 项目，列同项目库导出，已有项目代码的行更新该项目，其余新增；"
        "checklist 前期工作办理情况；funding 项目资金；baselines 设备投资基准数，限发改局）。"
        "任何一行有误则不导入，errors 逐行列出"
    ),
)
def import_projects(request, file: UploadedFile = File(...), kind: Form[str] = "projects"):
    return jsonout.response(sheet_imports.run(request.user, sheet_imports.kind_of(kind), file.read()))


@router.get(
    "/projects/recommend",
    response=list[RankedOut],
    summary="推荐项目清单（储备阶段，按成熟度、支持方向和规模排序，附理由）",
)
def recommend(request, direction: str = ""):
    ranked = ranking.recommend(access.projects_for(request.user), direction)
    return jsonout.response(
        [
            {
                "rank": r.rank,
                "project": _out(r.project),
                "score": r.score,
                "maturity": r.maturity,
                "reasons": r.reasons,
            }
            for r in ranked
        ]
    )


class BaselineIn(Schema):
    field: str
    year: int = baselines.BASELINE_YEAR
    amount: Number


class BaselineOut(Schema):
    field: str
    field_label: str
    year: int
    amount: Number | None


@router.get(
    "/projects/baselines",
    response={200: list[BaselineOut], 403: ErrorOut},
    summary="各领域基准年（2023年）设备投资（万元）；未填的为 null",
)
def list_baselines(request, year: int = baselines.BASELINE_YEAR):
    access.require_view_all(request.user)
    return jsonout.response(
        [
            {"field": f.code, "field_label": f.label, "year": year, "amount": amount}
            for f, amount in baselines.table(year)
        ]
    )


@router.put(
    "/projects/baselines",
    response={200: BaselineOut, 403: ErrorOut, 422: ProblemsOut},
    summary="填写一个领域某年（默认2023年）的设备投资基准数（统筹协调人员）",
)
def put_baseline(request, body: BaselineIn):
    found = baselines.put(request.user, body.field, body.year, body.amount)
    return jsonout.response(
        {
            "field": found.field,
            "field_label": found.get_field_display(),
            "year": found.year,
            "amount": found.amount,
        }
    )


@router.get(
    "/projects/{project_id}",
    response={200: ProjectDetailOut, 404: ErrorOut},
    summary="项目详情（前期工作、成熟度及理由）",
)
def project_detail(request, project_id: int):
    return jsonout.response(_detail(access.project_or_404(request.user, project_id), request.user))


@router.patch(
    "/projects/{project_id}",
    response={200: ProjectDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="修改项目（只给出要改的字段）",
)
def update_project(request, project_id: int, body: ProjectChanges):
    project = access.project_or_404(request.user, project_id)
    project, _ = records.update(request.user, project, body.dict(exclude_unset=True))
    return jsonout.response(_detail(project, request.user))


@router.post(
    "/projects/{project_id}/checklist",
    response={200: ProjectDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="更新一项前期工作",
)
def report_checklist(request, project_id: int, body: ChecklistIn):
    project = access.project_or_404(request.user, project_id)
    preparation.report(
        request.user,
        project,
        body.item,
        body.state,
        approval_kind=body.approval_kind,
        document_number=body.document_number,
        done_on=body.done_on,
    )
    return jsonout.response(_detail(project, request.user))


@router.post(
    "/projects/{project_id}/stage",
    response={200: ProjectDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ProblemsOut},
    summary="变更项目阶段（申报、下达须统筹协调人员确认；退出须写原因）",
)
def move_stage(request, project_id: int, body: StageIn):
    project = access.project_or_404(request.user, project_id)
    stages.move(request.user, project, body.to, body.on, body.note)
    return jsonout.response(_detail(access.project_or_404(request.user, project_id), request.user))


@router.post(
    "/projects/{project_id}/funding",
    response={200: ProjectDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="登记项目资金（申请或下达，万元）",
)
def add_funding(request, project_id: int, body: FundingIn):
    project = access.project_or_404(request.user, project_id)
    funding.add(request.user, project, body.channel, body.kind, body.amount, body.on, body.document_number)
    return jsonout.response(_detail(project, request.user))


class ProgressOut(Schema):
    period: str
    period_label: str
    status: str
    accepted: bool
    investment_done: Number
    equipment_done: Number
    image_progress: str


@router.get(
    "/projects/{project_id}/progress",
    response={200: list[ProgressOut], 404: ErrorOut},
    summary="项目月度进度（累计完成投资、其中设备投资、形象进度；已采纳和流转中的，新在前）。"
    "填报随部门调度填报：PUT 填报时在 parts.project_progress 中按项目编号给出",
)
def project_progress(request, project_id: int):
    project = access.project_or_404(request.user, project_id)
    return jsonout.response(
        [
            {
                "period": row.submission.period.key,
                "period_label": str(row.submission.period),
                "status": row.submission.status,
                "accepted": progress.is_accepted(row),
                "investment_done": row.investment_done,
                "equipment_done": row.equipment_done,
                "image_progress": row.image_progress,
            }
            for row in progress.history(project)
        ]
    )


class DocumentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    uploaded_at: str


def _document_out(d) -> dict:
    return {
        "id": d.pk,
        "name": d.original_name,
        "kind": d.kind,
        "size": d.size,
        "sha256": d.sha256,
        "uploaded_at": d.uploaded_at.isoformat(),
    }


@router.get(
    "/projects/{project_id}/documents",
    response={200: list[DocumentOut], 404: ErrorOut},
    summary="项目文件列表",
)
def list_documents(request, project_id: int):
    found = access.project_or_404(request.user, project_id).documents.all()
    return jsonout.response([_document_out(d) for d in found])


@router.post(
    "/projects/{project_id}/documents",
    response={201: DocumentOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="上传项目文件（PDF、图片、Word、Excel，按内容校验，不超过 20 MB）",
)
def upload_document(request, project_id: int, file: UploadedFile = File(...)):
    project = access.project_or_404(request.user, project_id)
    access.require_edit(request.user, project)
    documents.uploads.refuse_oversized(file.name, file.size)
    return jsonout.response(
        _document_out(documents.attach(request.user, project, file.name, file.read())), status=201
    )


def _document(request, document_id):
    return get_object_or_404(
        ProjectDocument.objects.filter(project__in=access.projects_for(request.user)).select_related(
            "project"
        ),
        pk=document_id,
    )


@router.get(
    "/projects/documents/{document_id}",
    response={404: ErrorOut},
    summary="下载项目文件",
    openapi_extra=file_download("application/octet-stream", "项目文件（PDF、图片、Word 或 Excel）"),
)
def download_document(request, document_id: int):
    found = _document(request, document_id)
    return downloads.attachment(
        documents.read(found), found.original_name, documents.CONTENT_TYPES[found.kind]
    )


@router.delete(
    "/projects/documents/{document_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="删除项目文件（责任部门）",
)
def delete_document(request, document_id: int):
    documents.remove(request.user, _document(request, document_id))
    return 204, None
