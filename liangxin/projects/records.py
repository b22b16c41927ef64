"""A project's record: its fields checked once for the form, the API and an import (each fault named by
field), created and changed with an audit entry of before and after; its 项目代码 in the national online
approval platform's form."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.enterprises.models import Unit
from liangxin.plans.fields import FIELDS
from liangxin.projects import access
from liangxin.projects.codes import CHECK_ITEMS, CONSTRUCTION_KINDS
from liangxin.projects.models import ChecklistItem, Project

LABELS = {
    "name": "项目名称",
    "owner": "项目单位",
    "field": "领域",
    "construction": "建设性质",
    "town": "所在街道/镇",
    "code": "项目代码",
    "total_investment": "总投资（万元）",
    "equipment_investment": "设备投资（万元）",
    "start": "计划开工",
    "end": "计划竣工",
    "department": "责任部门",
    "directions": "支持方向",
}
DIRECTIONS = ("节能降碳", "超低排放", "安全生产", "数字化转型", "设备更新", "循环利用")
MAX_WAN = Decimal("100000000")  # 1 万亿元 in 万元: far above any district project
_CODE = re.compile(r"([0-9]{2})([0-9]{2})-([0-9]{6})-([0-9]{2})-([0-9]{2})-([0-9]{6})")
EARLIEST, LATEST = date(2015, 1, 1), date(2040, 12, 31)


class ProjectInvalid(Invalid):
    summary = "项目信息有误"


def project_code(value) -> str:
    """项目代码 of the 全国投资项目在线审批监管平台: YYMM-行政区划-2-2-6 digits, as 2407-370902-04-01-123456."""
    text = "".join(str(value or "").split())
    match = _CODE.fullmatch(text)
    if not match:
        raise ValueError("应为“年月-行政区划代码-2位-2位-6位序号”，如 2407-370902-04-01-123456")
    if not 1 <= int(match[2]) <= 12:
        raise ValueError(f"前 4 位 {match[1]}{match[2]} 应为赋码年月，月份无效")
    return text


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("应为数字（万元，可带小数）") from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_WAN:
        raise ValueError("应为 0 至 1 亿万元之间的数")
    if amount.as_tuple().exponent < -4:
        raise ValueError("最多 4 位小数（即精确到元）")
    return amount


def _date(value) -> date:
    if isinstance(value, date):
        found = value
    else:
        try:
            found = date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ValueError("应为日期，如 2025-03-01") from exc
    if not EARLIEST <= found <= LATEST:
        raise ValueError(f"应在 {EARLIEST.year} 至 {LATEST.year} 年之间")
    return found


def clean(data: dict, partial: bool = False) -> dict:
    problems: list[FieldProblem] = []
    values: dict = {}

    def given(field):
        return not partial or field in data

    def wrong(field, message):
        problems.append(FieldProblem(field, f"{LABELS[field]}：{message}"))

    if given("name"):
        text = str(data.get("name") or "").strip()
        if not text:
            wrong("name", "必填")
        elif problem := text_problem(text, 200) or ("不能换行" if "\n" in text else None):
            wrong("name", problem)
        else:
            values["name"] = text
    if given("owner"):
        given_owner = str(data.get("owner") or "").strip()
        owner = (
            Unit.objects.filter(credit_code=given_owner.upper()).first()
            or Unit.objects.filter(name=given_owner).first()
            or (Unit.objects.filter(pk=int(given_owner)).first() if given_owner.isdigit() else None)
        )
        if owner is None:
            wrong(
                "owner", "请填写已在“企业与单位”登记的单位名称或统一社会信用代码" if given_owner else "必填"
            )
        values["owner"] = owner
    if given("field"):
        code = str(data.get("field") or "").strip()
        entry = FIELDS.get(code) or next((f for f in FIELDS if f.label == code), None)
        if entry is None:
            wrong("field", f"应为{'、'.join(f.label for f in FIELDS)}之一")
        else:
            values["field"] = entry.code
    if given("construction"):
        code = str(data.get("construction") or "").strip() or "other"
        kind = CONSTRUCTION_KINDS.get(code) or next((k for k in CONSTRUCTION_KINDS if k.label == code), None)
        if kind is None:
            wrong("construction", f"应为{'、'.join(k.label for k in CONSTRUCTION_KINDS)}之一")
        else:
            values["construction"] = kind.code
    for field, kinds in (("town", (Department.Kind.STREET, Department.Kind.TOWN)), ("department", None)):
        if given(field):
            text = str(data.get(field) or "").strip()
            found = (
                (
                    Department.objects.filter(code=text).first()
                    or Department.objects.filter(name=text).first()
                    or Department.objects.filter(short_name=text).first()
                )
                if text
                else None
            )
            if text and (found is None or (kinds and found.kind not in kinds)):
                wrong(field, f"“{text}”不是{'街道或镇' if kinds else '部门'}")
            elif field == "department" and found is None:
                wrong(field, "必填")
            values[field] = found
    if given("code"):
        try:
            values["code"] = project_code(data.get("code")) if str(data.get("code") or "").strip() else ""
        except ValueError as exc:
            wrong("code", str(exc))
    for field in ("total_investment", "equipment_investment"):
        if given(field):
            try:
                values[field] = _amount(data.get(field))
            except ValueError as exc:
                wrong(field, str(exc))
    for field in ("start", "end"):
        if given(field):
            try:
                values[field] = _date(data.get(field))
            except ValueError as exc:
                wrong(field, str(exc))
    if given("directions"):
        given_directions = data.get("directions") or []
        if isinstance(given_directions, str):
            given_directions = [d for d in re.split(r"[、，,；;\s]+", given_directions) if d]
        unknown = [d for d in given_directions if d not in DIRECTIONS]
        if unknown:
            wrong("directions", f"“{'、'.join(unknown)}”不在 {'、'.join(DIRECTIONS)} 之中")
        values["directions"] = [d for d in DIRECTIONS if d in given_directions]
    if problems:
        raise ProjectInvalid(problems[0].message if len(problems) == 1 else "项目信息有误", problems)
    return values


def check_consistent(project: Project) -> None:
    problems = []
    if project.equipment_investment > project.total_investment:
        problems.append(FieldProblem("equipment_investment", "设备投资（万元）：不能大于总投资"))
    if project.end < project.start:
        problems.append(FieldProblem("end", "计划竣工：不能早于计划开工"))
    if project.code and Project.objects.filter(code=project.code).exclude(pk=project.pk).exists():
        problems.append(FieldProblem("code", f"项目代码：{project.code} 已有项目使用"))
    if problems:
        raise ProjectInvalid(problems[0].message if len(problems) == 1 else "项目信息有误", problems)


def snapshot(project: Project) -> dict:
    return {
        "name": project.name,
        "owner": project.owner.credit_code,
        "field": project.field,
        "construction": project.construction,
        "town": project.town.code if project.town else None,
        "code": project.code,
        "total_investment": f"{project.total_investment:.4f}",
        "equipment_investment": f"{project.equipment_investment:.4f}",
        "start": project.start.isoformat(),
        "end": project.end.isoformat(),
        "department": project.department.code,
        "directions": project.directions,
        "stage": project.stage,
    }


@transaction.atomic
def create(user: User, data: dict) -> Project:
    access.require_edit(user, None)
    values = clean(data)
    project = Project(created_by=user, **values)
    access.require_edit(user, project)
    check_consistent(project)
    project.save()
    ChecklistItem.objects.bulk_create(ChecklistItem(project=project, item=item.code) for item in CHECK_ITEMS)
    chain.record("project.create", obj=project, after=snapshot(project))
    return project


@transaction.atomic
def update(user: User, project: Project, data: dict) -> tuple[Project, bool]:
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("owner", "department", "town")
        .get(pk=project.pk)
    )
    access.require_edit(user, project)
    values = clean(data, partial=True)
    before = snapshot(project)
    for field, value in values.items():
        setattr(project, field, value)
    access.require_edit(user, project)  # a department cannot hand its project to another
    check_consistent(project)
    after = snapshot(project)
    if after == before:
        return project, False
    project.save()
    chain.record("project.update", obj=project, before=before, after=after)
    return project, True
