"""Honours and recognitions of a unit (绿色工厂 省级 2025, 好品山东 …): recorded by a department with the
document, withdrawn with a reason, never deleted; the plan's counts ("省级以上绿色工厂6家") read the ones
in force."""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import Conflict, FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.enterprises import access
from liangxin.enterprises.codes import LEVELS
from liangxin.enterprises.models import Honour, HonourKind, Unit

FIELDS = {
    "kind": "荣誉类型",
    "level": "级别",
    "year": "认定年度",
    "document_number": "文号",
    "title": "名称或认定内容",
}
FIRST_YEAR = 2000
DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_KINDS = {b"%PDF-": ".pdf", b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}


class HonourInvalid(Invalid):
    summary = "荣誉信息有误"


def documents_dir() -> Path:
    return Path(settings.EVIDENCE_DIR) / "honours"


def _clean(data: dict) -> dict:
    problems = []

    def wrong(field, message):
        problems.append(FieldProblem(field, f"{FIELDS[field]}：{message}"))

    values = {}
    kind = str(data.get("kind") or "").strip()
    found = HonourKind.objects.filter(code=kind).first() or HonourKind.objects.filter(name=kind).first()
    if found is None:
        wrong("kind", "请选择荣誉类型" if not kind else f"没有“{kind}”这一荣誉类型")
    values["kind"] = found
    level = str(data.get("level") or "").strip()
    entry = LEVELS.get(level) or next((lv for lv in LEVELS if lv.label == level), None)
    if entry is None:
        wrong("level", f"应为{'、'.join(lv.label for lv in LEVELS)}之一")
    else:
        values["level"] = entry.code
    this_year = timezone.localdate().year
    try:
        year = int(str(data.get("year") or "").strip())
        if not FIRST_YEAR <= year <= this_year:
            raise ValueError
        values["year"] = year
    except ValueError:
        wrong("year", f"应为 {FIRST_YEAR} 至 {this_year} 年之间的年份")
    for field, limit, required in (("document_number", 60, True), ("title", 200, False)):
        text = str(data.get(field) or "").strip()
        if required and not text:
            wrong(field, "必填（认定文件的文号，如 鲁工信节〔2025〕12号）")
        elif problem := text_problem(text, limit):
            wrong(field, problem)
        elif "\n" in text:
            wrong(field, "不能换行")
        values[field] = text
    if problems:
        raise HonourInvalid(problems[0].message if len(problems) == 1 else "荣誉信息有误", problems)
    return values


def _store_document(name: str, data: bytes) -> tuple[str, str]:
    suffix = next((ext for magic, ext in DOCUMENT_KINDS.items() if data.startswith(magic)), None)
    if suffix is None:
        raise HonourInvalid(
            "认定文件应为 PDF 或图片（PNG、JPEG）", [FieldProblem("document", "认定文件：应为 PDF 或图片")]
        )
    if len(data) > DOCUMENT_BYTES:
        raise HonourInvalid("认定文件超过 20 MB", [FieldProblem("document", "认定文件：超过 20 MB")])
    folder = documents_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}{suffix}"
    path = folder / stored
    path.write_bytes(data)
    path.chmod(0o600)
    return Path(name).name[:200] or f"认定文件{suffix}", stored


@transaction.atomic
def record(user: User, unit: Unit, data: dict, document: tuple[str, bytes] | None = None) -> Honour:
    """Record an honour; the same kind, level and year twice for a unit is refused (409)."""
    access.require_unit_action(user, unit, "honour")
    values = _clean(data)
    honour = Honour(unit=unit, department=user.department, entered_by=user, **values)
    if document is not None:
        honour.document_name, honour.document_path = _store_document(*document)
    try:
        with transaction.atomic():
            honour.save()
    except IntegrityError as exc:
        raise Conflict(
            f"{unit.name} 已登记 {honour.year} 年{LEVELS.label(honour.level)}{honour.kind.name}"
        ) from exc
    chain.record("honour.record", obj=honour, after=snapshot(honour))
    return honour


def snapshot(honour: Honour) -> dict:
    return {
        "unit": honour.unit.credit_code,
        "kind": honour.kind.code,
        "level": honour.level,
        "year": honour.year,
        "document_number": honour.document_number,
        "document": honour.document_name,
        "department": honour.department.code,
        "withdrawn_reason": honour.withdrawn_reason,
    }


@transaction.atomic
def withdraw(user: User, honour: Honour, reason: str) -> Honour:
    access.require_withdraw(user, honour)
    if honour.withdrawn_at is not None:
        raise Conflict("该荣誉已撤销")
    if wrong := reasons.problem(reason):
        raise Invalid(wrong, [FieldProblem("reason", wrong)])
    before = snapshot(honour)
    honour.withdrawn_reason = reason.strip()[:300]
    honour.withdrawn_at = timezone.now()
    honour.save(update_fields=["withdrawn_reason", "withdrawn_at"])
    chain.record("honour.withdraw", obj=honour, before=before, after=snapshot(honour))
    return honour


def document_path(honour: Honour) -> Path | None:
    return documents_dir() / honour.document_path if honour.document_path else None


def in_force(kind_code: str, min_level: str | None = None, year: int | None = None):
    """Honours of a kind in force (not withdrawn), of at least a level (省级 counts 国家级 too), recognised
    by the end of a year: what the plan's "省级以上绿色工厂6家" counts."""
    found = Honour.objects.filter(kind__code=kind_code, withdrawn_at__isnull=True)
    if min_level is not None:
        rank = LEVELS[min_level].rank
        found = found.filter(level__in=[lv.code for lv in LEVELS if lv.rank >= rank])
    if year is not None:
        found = found.filter(year__lte=year)
    return found


_KIND_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


@transaction.atomic
def add_kind(user: User, code: str, name: str) -> HonourKind:
    """A new kind of honour the district recognises (its own list, not code)."""
    access.require(user, "honour_kind.edit")
    code, name = (code or "").strip(), (name or "").strip()
    problems = []
    if not _KIND_CODE.fullmatch(code):
        problems.append(
            FieldProblem("code", "代码：应为小写字母、数字和连字符，最长 40 位，如 green-factory")
        )
    if not name or len(name) > 60 or text_problem(name, 60):
        problems.append(FieldProblem("name", "名称：必填，最多 60 字"))
    if problems:
        raise HonourInvalid("荣誉类型有误", problems)
    if HonourKind.objects.filter(code=code).exists() or HonourKind.objects.filter(name=name).exists():
        raise Conflict(f"荣誉类型 {code}（{name}）已存在")
    last = HonourKind.objects.order_by("-position").values_list("position", flat=True).first() or 0
    kind = HonourKind.objects.create(code=code, name=name, position=last + 10)
    chain.record("honour_kind.create", obj=kind, after={"code": code, "name": name})
    return kind
