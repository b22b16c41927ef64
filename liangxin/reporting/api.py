from datetime import date
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from liangxin.core import downloads, jsonout
from liangxin.core.schemas import ErrorOut, Number, Page, file_download, page
from liangxin.plans import access as plans_access
from liangxin.reporting import access, bulletin_text, dispatch, evidence, periods, queries, workflow
from liangxin.reporting.models import Period

router = Router(tags=["调度填报"])


class PeriodIn(Schema):
    period: str
    deadline: date


class PeriodOut(Schema):
    period: str
    label: str
    start: date
    end: date
    deadline: date
    status: str
    overdue: list[str]


class NarrativeIn(Schema):
    progress: str = ""
    problems: str = ""
    next_steps: str = ""


class SubmissionIn(Schema):
    version: int | None = None
    values: dict[str, Any] = {}
    references: dict[str, Any] = {}
    notes: dict[str, str] = {}
    narratives: dict[str, NarrativeIn] = {}
    parts: dict[str, Any] = {}  # a contributed part's code → its payload, e.g. "project_progress"


class CommentIn(Schema):
    comment: str


class CommentOut(Schema):
    version: int
    action: str
    actor: str | None
    at: str
    comment: str


class RecordOut(Schema):
    label: str
    url: str


class ComputedOut(Schema):
    indicator: str
    name: str
    source: str
    value: Number
    records: list[RecordOut]
    records_url: str


class SubmissionOut(Schema):
    period: str
    department: str
    status: str
    version: int
    values: dict[str, Any]
    references: dict[str, Any]
    notes: dict[str, str]
    narratives: dict[str, NarrativeIn]
    parts: dict[str, Any]
    comments: list[CommentOut]
    warnings: list[dict]
    computed: list[ComputedOut]  # the department's computed indicators: read-only, not to be sent back


def _plan(request, code):
    return plans_access.plan_or_404(request.user, code)


def _period(request, code, key):
    return access.period_or_404(request.user, code, key)


def _period_out(period: Period) -> dict:
    return {
        "period": period.key,
        "label": str(period),
        "start": period.start,
        "end": period.end,
        "deadline": period.deadline,
        "status": period.status,
        "overdue": [d.code for d in workflow.overdue_departments(period)],
    }


def _submission(request, code, key, department_code):
    return access.submission_or_404(request.user, code, key, department_code)


def submission_out(submission, warnings=()) -> dict:
    content = workflow.content(submission)
    values, references, notes = {}, {}, {}
    for code, entry in content["values"].items():
        values[code] = entry["stage"] or (None if entry["value"] is None else _number(entry["value"]))
        if entry["reference"] is not None:
            references[code] = _number(entry["reference"])
        if entry["note"]:
            notes[code] = entry["note"]
    comments = [
        {
            "version": v.version,
            "action": v.action,
            "actor": v.actor.username if v.actor else None,
            "at": v.at.isoformat(),
            "comment": v.comment,
        }
        for v in submission.versions.select_related("actor").exclude(action="save")
    ]
    return {
        "period": submission.period.key,
        "department": submission.department.code,
        "status": submission.status,
        "version": submission.version,
        "values": values,
        "references": references,
        "notes": notes,
        "narratives": content["narratives"],
        "parts": content.get("parts", {}),
        "comments": comments,
        "warnings": [{"indicator": w.code, "message": w.message} for w in warnings],
        "computed": [_computed_out(row) for row in queries.form_rows(submission)[0] if row.computed],
    }


def _computed_out(row) -> dict:
    figure = row.computed
    return {
        "indicator": row.indicator.code,
        "name": row.indicator.name,
        "source": figure.source,
        "value": figure.value,
        "records": [{"label": r.label, "url": r.url} for r in figure.records],
        "records_url": figure.records_url,
    }


def _number(text: str) -> Decimal:
    return Decimal(text)


@router.get(
    "/plans/{code}/periods",
    response=Page[PeriodOut],
    summary="填报期列表（q 按期次搜索，如 2025-10 或 2025年10月；status 按状态筛选）",
)
def list_periods(
    request, code: str, q: str | None = None, status: str | None = None, limit: int = 100, offset: int = 0
):
    found = page(periods.find_periods(_plan(request, code).periods.all(), q, status), limit, offset)
    return jsonout.response(found | {"items": [_period_out(p) for p in found["items"]]})


@router.post("/plans/{code}/periods", response={201: PeriodOut, 409: ErrorOut}, summary="开启填报期")
def open_period(request, code: str, body: PeriodIn):
    period = workflow.open_period(request.user, _plan(request, code), body.period, body.deadline)
    return jsonout.response(_period_out(period), status=201)


@router.post(
    "/plans/{code}/periods/{period}/close",
    response={200: PeriodOut, 409: ErrorOut},
    summary="关闭填报期（关闭后只读）",
)
def close_period(request, code: str, period: str):
    closed = workflow.close_period(request.user, _period(request, code, period))
    return jsonout.response(_period_out(closed))


class DispatchOut(Schema):
    overdue: list[str]
    channels: int
    people: int


@router.post(
    "/plans/{code}/periods/{period}/dispatch",
    response={200: DispatchOut, 409: ErrorOut},
    summary="发送调度消息（逾期未报送部门名单，发往各部门通知渠道）",
)
def dispatch_period(request, code: str, period: str):
    found = _period(request, code, period)
    done = dispatch.send(request.user, found, workflow.overdue_departments(found))
    return jsonout.response({"overdue": done.overdue, "channels": done.channels, "people": done.people})


class BulletinIn(Schema):
    problems: str = ""
    next_steps: str = ""
    copy_to: str = ""


class BulletinOut(BulletinIn):
    period: str
    saved: bool
    issued_at: str | None


def _bulletin_out(draft) -> dict:
    return {
        "period": draft.period.key,
        "problems": draft.problems,
        "next_steps": draft.next_steps,
        "copy_to": draft.copy_to,
        "saved": draft.pk is not None,
        "issued_at": draft.issued_at.isoformat() if draft.issued_at else None,
    }


@router.get(
    "/plans/{code}/periods/{period}/bulletin",
    response=BulletinOut,
    summary="通报草稿：五、存在问题，六、下步工作，抄送（未保存时为按领域归并的初稿）",
)
def get_bulletin(request, code: str, period: str):
    return jsonout.response(
        _bulletin_out(bulletin_text.draft_of(request.user, _period(request, code, period)))
    )


@router.put(
    "/plans/{code}/periods/{period}/bulletin",
    response={200: BulletinOut, 409: ErrorOut, 422: dict},
    summary="保存通报草稿（印发前）",
)
def put_bulletin(request, code: str, period: str, body: BulletinIn):
    found = _period(request, code, period)
    draft = bulletin_text.save(request.user, found, body.problems, body.next_steps, body.copy_to)
    return jsonout.response(_bulletin_out(draft))


@router.post(
    "/plans/{code}/periods/{period}/bulletin/issue",
    response={200: BulletinOut, 409: ErrorOut},
    summary="印发通报（此后五、六和抄送不再修改）",
)
def issue_bulletin(request, code: str, period: str):
    return jsonout.response(_bulletin_out(bulletin_text.issue(request.user, _period(request, code, period))))


@router.get(
    "/plans/{code}/periods/{period}/submissions/{department}",
    response=SubmissionOut,
    summary="某部门某期的填报",
)
def get_submission(request, code: str, period: str, department: str):
    return jsonout.response(submission_out(_submission(request, code, period, department)))


@router.put(
    "/plans/{code}/periods/{period}/submissions/{department}",
    response={200: SubmissionOut, 409: ErrorOut, 422: dict},
    summary="保存草稿（只更新给出的键）",
)
def put_submission(request, code: str, period: str, department: str, body: SubmissionIn):
    submission = _submission(request, code, period, department)
    data = workflow.SubmissionInput(
        values=body.values,
        references=body.references,
        notes=body.notes,
        narratives={k: v.dict() for k, v in body.narratives.items()},
        parts=body.parts,
    )
    warnings = workflow.save_draft(request.user, submission, data, expected_version=body.version)
    submission.refresh_from_db()
    return jsonout.response(submission_out(submission, warnings))


def _step(request, code, period, department, version, step, *args):
    submission = _submission(request, code, period, department)
    step(request.user, submission, *args, expected_version=version)
    submission.refresh_from_db()
    return jsonout.response(submission_out(submission))


_STEP_RESPONSES = {200: SubmissionOut, 409: ErrorOut, 422: dict}
_BASE = "/plans/{code}/periods/{period}/submissions/{department}"


@router.post(f"{_BASE}/submit", response=_STEP_RESPONSES, summary="报送（部门填报）")
def submit(request, code: str, period: str, department: str, version: int | None = None):
    return _step(request, code, period, department, version, workflow.submit)


@router.post(f"{_BASE}/approve", response=_STEP_RESPONSES, summary="审核通过（部门审核）")
def approve(request, code: str, period: str, department: str, version: int | None = None):
    return _step(request, code, period, department, version, workflow.approve)


@router.post(f"{_BASE}/accept", response=_STEP_RESPONSES, summary="采纳（统筹协调）")
def accept(request, code: str, period: str, department: str, version: int | None = None):
    return _step(request, code, period, department, version, workflow.accept)


@router.post(f"{_BASE}/return", response=_STEP_RESPONSES, summary="退回并附意见")
def return_submission(
    request, code: str, period: str, department: str, body: CommentIn, version: int | None = None
):
    return _step(request, code, period, department, version, workflow.return_submission, body.comment)


class EvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    task: int | None


def _evidence_out(item) -> dict:
    return {
        "id": item.pk,
        "name": item.original_name,
        "kind": item.kind,
        "size": item.size,
        "sha256": item.sha256,
        "task": item.task.number if item.task else None,
    }


@router.get(f"{_BASE}/evidence", response=Page[EvidenceOut], summary="附件列表")
def list_evidence(request, code: str, period: str, department: str, limit: int = 100, offset: int = 0):
    found = page(
        _submission(request, code, period, department).evidence.select_related("task"), limit, offset
    )
    return found | {"items": [_evidence_out(e) for e in found["items"]]}


@router.post(
    f"{_BASE}/evidence",
    response={201: EvidenceOut, 409: ErrorOut, 422: ErrorOut},
    summary="上传附件（PDF、图片、Word、Excel，按内容校验，不超过 20 MB）",
)
def upload_evidence(
    request,
    code: str,
    period: str,
    department: str,
    file: UploadedFile = File(...),
    task: int = Form(None, description="所属任务的序号；不属于某项任务时不填"),
):
    submission = _submission(request, code, period, department)
    evidence.refuse_oversized(file.name, file.size)
    task_obj = submission.period.plan.tasks.filter(number=task).first() if task else None
    item = evidence.attach(request.user, submission, file.name, file.read(), task=task_obj)
    return jsonout.response(_evidence_out(item), status=201)


@router.get(
    f"{_BASE}/evidence/{{evidence_id}}",
    summary="下载附件",
    openapi_extra=file_download(
        "application/octet-stream", "附件（PDF、图片、Word 或 Excel，按上传时识别的类型）"
    ),
)
def download_evidence(request, code: str, period: str, department: str, evidence_id: int):
    item = get_object_or_404(_submission(request, code, period, department).evidence, pk=evidence_id)
    return downloads.attachment(evidence.read(item), item.original_name, evidence.CONTENT_TYPES[item.kind])
