"""Finding applications by programme, status, flag and search (intake/search.py) (the list page, the API and the export share it),
and the applications export: masked by default; whole personal data only for a user who may reveal it,
with a stated reason, and audited either way."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.utils import timezone

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core import crypto, excel, identifiers
from liangxin.subsidies import access, sources
from liangxin.subsidies.intake import checks, numbers, search
from liangxin.subsidies.models import Application

HEADERS = [
    "申请编号",
    "补贴项目",
    "申请人",
    "证件号码",
    "手机号",
    "开户银行",
    "收款账号",
    "品类/车型/机具",
    "成交价格（元）",
    "补贴金额（元）",
    "状态",
    "核查标记",
    "提交时间",
    "系统编号",
]


# matching()'s filters in its order: the list's query parameters, and a queued export's params
FILTERS = ("programme", "status", "flag", "q", "number", "approved_from", "approved_to")


def file_name(reason: str) -> str:
    return "补贴申请（完整信息）.xlsx" if reason.strip() else "补贴申请.xlsx"


def matching(
    user,
    programme: str | None = None,
    status: str | None = None,
    flag: str | None = None,
    q: str | None = None,
    number: str | None = None,
    approved_from: str | None = None,
    approved_to: str | None = None,
):
    """`approved_from`/`approved_to` (YYYY-MM-DD): passed 复审 within those days and still approved, the
    applications behind a plan figure computed by sources.APPROVED_APPLICATIONS."""
    found = search.search_applications(
        access.applications_for(user).select_related("programme").prefetch_related("flags"), q
    )
    if number:  # exact: 申请编号 as typed (numbers.normalised)
        found = numbers.search_by_number(found, number)
    if programme:
        found = found.filter(programme__code=programme)
    if status:
        found = found.filter(status=status)
    if flag:
        found = found.filter(flags__code=flag).distinct()
    start, end = _day(approved_from), _day(approved_to)
    if start is not None or end is not None:
        found = found.filter(sources.approved_between(start, end))
    return found


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def personal(app: Application, field: str, whole: bool) -> str:
    if whole and getattr(app, f"{field}_enc"):
        return crypto.decrypt(getattr(app, f"{field}_enc"), f"subsidies.application:{app.public_id}:{field}")
    return getattr(app, f"{field}_masked")


def rows(apps, whole: bool, progress=None, total: int = 0) -> Iterator[list]:
    """The export's rows; `progress(done, total)` told every thousand rows."""
    for done, app in enumerate(apps.iterator(chunk_size=2000)):
        if progress and done % 1000 == 0:
            progress(done, total)
        person = app.applicant_name if whole or app.credit_code else identifiers.mask_name(app.applicant_name)
        yield [
            app.number,
            app.programme.name,
            person,
            app.credit_code or personal(app, "id_number", whole),
            personal(app, "phone", whole),
            app.bank_name,
            personal(app, "bank_account", whole),
            app.category or app.vehicle_type or app.machine_type or "技改设备",
            app.price,
            app.amount,
            app.get_status_display(),
            "、".join(checks.LABELS.get(f.code, f.code) for f in app.flags.all()),
            timezone.localtime(app.created_at).strftime("%Y-%m-%d %H:%M"),
            str(app.public_id),
        ]


def write(user, apps, path: Path, reason: str = "", filters: dict | None = None, progress=None) -> int:
    """The applications to an Excel file; with a reason, whole personal data (for those who may see it)."""
    whole = bool(reason.strip())
    if whole:
        scope.require(user, "pii.reveal")
    count = apps.count()
    workbook = excel.new_workbook(write_only=True)
    excel.add_sheet(
        workbook,
        "补贴申请",
        HEADERS,
        rows(apps, whole, progress, count),
        [16, 26, 16, 22, 14, 20, 24, 14, 12, 12, 10, 30, 16, 38],
    )
    workbook.save(path)
    chain.record(
        "export",
        object_type="subsidies.application",
        after={
            "what": "applications",
            "rows": count,
            "unmasked": whole,
            "reason": reason.strip(),
            "filters": {
                k: search.for_the_record(v) if k == "q" else v for k, v in (filters or {}).items() if v
            },
        },
    )
    return count
