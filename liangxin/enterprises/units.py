"""The register of units: one cleaning of a unit's fields for the form, the API and the Excel import,
creating and updating with an audit entry of before and after, the contact's phone encrypted, and its
reveal audited with a reason."""

from dataclasses import dataclass

from django.db import transaction

from liangxin.accounts.models import Department, User
from liangxin.audit import chain
from liangxin.core import crypto, identifiers, reasons
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.enterprises import access, industries
from liangxin.enterprises.codes import UNIT_KINDS
from liangxin.enterprises.models import Unit

# field → its Chinese name, as the form, the API errors and the Excel columns name it
FIELDS = {
    "kind": "单位类型",
    "name": "单位名称",
    "credit_code": "统一社会信用代码",
    "industry_code": "行业代码",
    "industry_name": "行业名称",
    "above_scale": "规模以上",
    "town": "所在街道/镇",
    "department": "主管部门",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
# what an enterprise may change of its own unit
OWN_FIELDS = ("industry_code", "industry_name", "contact_name", "contact_phone")
PHONE_CONTEXT = "unit:contact_phone"
_YES = {"是", "规上", "规模以上", "true", "1", "y", "yes"}
_NO = {"否", "规下", "", "false", "0", "n", "no"}


class UnitInvalid(Invalid):
    summary = "单位信息有误"


@dataclass
class Cleaned:
    values: dict
    phone: str | None  # None: leave the stored phone as it is


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _department(value, kinds: tuple[str, ...] | None) -> Department | None:
    text = _text(value)
    if not text:
        return None
    found = (
        Department.objects.filter(code=text).first()
        or Department.objects.filter(name=text).first()
        or Department.objects.filter(short_name=text).first()
    )
    if found is None or (kinds and found.kind not in kinds):
        raise ValueError(f"“{text}”不是{'街道或镇' if kinds else '部门'}的名称或代码")
    return found


def clean(data: dict, row: int | None = None, partial: bool = False) -> Cleaned:
    """The unit's fields from a form, a body or an Excel row, each checked; UnitInvalid names every fault
    with its field (and row). `partial`: only the fields given (an edit)."""
    problems: list[FieldProblem] = []
    values: dict = {}

    def wrong(field: str, message: str):
        problems.append(FieldProblem(field, f"{FIELDS[field]}：{message}", row))

    def given(field: str) -> bool:
        return not partial or field in data

    if given("kind"):
        kind = _text(data.get("kind")) or "enterprise"
        entry = UNIT_KINDS.get(kind) or next((k for k in UNIT_KINDS if k.label == kind), None)
        if entry is None:
            wrong("kind", f"应为{'、'.join(k.label for k in UNIT_KINDS)}之一")
        else:
            values["kind"] = entry.code
    for field, limit in (("name", 200), ("industry_name", 100), ("contact_name", 50)):
        if given(field):
            text = _text(data.get(field))
            if field == "name" and not text:
                wrong(field, "必填")
            elif problem := text_problem(text, limit):
                wrong(field, problem)
            elif "\n" in text:
                wrong(field, "不能换行")
            else:
                values[field] = text
    if given("credit_code"):
        try:
            values["credit_code"] = identifiers.credit_code(data.get("credit_code"))
        except identifiers.IdentifierInvalid as exc:
            wrong("credit_code", exc.message)
    if given("industry_code"):
        try:
            code = _text(data.get("industry_code"))
            values["industry_code"] = industries.industry_code(code) if code else ""
        except industries.IndustryInvalid as exc:
            wrong("industry_code", exc.message)
    if given("above_scale"):
        flag = data.get("above_scale")
        text = _text(flag).lower()
        if isinstance(flag, bool):
            values["above_scale"] = flag
        elif text in _YES or text in _NO:
            values["above_scale"] = text in _YES
        else:
            wrong("above_scale", "应为“是”或“否”")
    for field, kinds in (("town", (Department.Kind.STREET, Department.Kind.TOWN)), ("department", None)):
        if given(field):
            try:
                values[field] = _department(data.get(field), kinds)
            except ValueError as exc:
                wrong(field, str(exc))
    phone = None
    if given("contact_phone"):
        text = _text(data.get("contact_phone"))
        try:
            phone = identifiers.mobile(text) if text else ""
        except identifiers.IdentifierInvalid as exc:
            wrong("contact_phone", exc.message)
    kind = values.get("kind")
    if kind and UNIT_KINDS[kind].public and given("department") and values.get("department") is None:
        wrong("department", "医院、学校、景区等公共单位须填写主管部门")
    if problems:
        raise UnitInvalid(problems[0].message if len(problems) == 1 else "单位信息有误", problems)
    return Cleaned(values, phone)


def snapshot(unit: Unit) -> dict:
    return {
        "kind": unit.kind,
        "name": unit.name,
        "credit_code": unit.credit_code,
        "industry_code": unit.industry_code,
        "industry_name": unit.industry_name,
        "above_scale": unit.above_scale,
        "town": unit.town.code if unit.town else None,
        "department": unit.department.code if unit.department else None,
        "contact_name": unit.contact_name,
        "contact_phone": unit.contact_phone_masked,  # never in clear, in the audit trail too
    }


def apply_cleaned(unit: Unit, cleaned: Cleaned) -> None:
    for field, value in cleaned.values.items():
        setattr(unit, field, value)
    if cleaned.phone is not None:
        unit.contact_phone_enc = crypto.encrypt(cleaned.phone, PHONE_CONTEXT) if cleaned.phone else ""
        unit.contact_phone_masked = identifiers.mask_mobile(cleaned.phone) if cleaned.phone else ""


def _taken(credit_code: str, unit: Unit | None = None, row: int | None = None) -> None:
    clash = Unit.objects.filter(credit_code=credit_code).exclude(pk=unit.pk if unit else None).first()
    if clash is not None:
        message = f"统一社会信用代码：{credit_code} 已登记为“{clash.name}”"
        raise UnitInvalid(message, [FieldProblem("credit_code", message, row)])


@transaction.atomic
def create(user: User, data: dict) -> Unit:
    access.require_unit_action(user, None, "create")
    cleaned = clean(data)
    _taken(cleaned.values["credit_code"])
    unit = Unit()
    apply_cleaned(unit, cleaned)
    check_department(user, unit)
    unit.save()
    chain.record("unit.create", obj=unit, after=snapshot(unit))
    return unit


def check_department(user: User, unit: Unit, row: int | None = None) -> None:
    """A department maintains the units it is 主管部门 of; the coordinator any."""
    if access.has_perm(user, "unit.edit_all"):
        return
    if unit.department_id != user.department_id:
        message = f"主管部门：只能登记本部门（{user.department}）主管的单位"
        raise UnitInvalid(message, [FieldProblem("department", message, row)])


@transaction.atomic
def update(user: User, unit: Unit, data: dict) -> tuple[Unit, bool]:
    """Change the fields given; an enterprise only its own unit's OWN_FIELDS."""
    unit = Unit.objects.select_for_update(of=("self",)).select_related("town", "department").get(pk=unit.pk)
    access.require_unit_action(user, unit, "edit")
    if not access.has_perm(user, "unit.edit"):
        refused = [f for f in data if f not in OWN_FIELDS]
        if refused:
            raise UnitInvalid(
                "企业只能修改行业和联系人信息",
                [FieldProblem(f, f"{FIELDS.get(f, f)}：企业不能修改，请联系主管部门") for f in refused],
            )
    cleaned = clean(data, partial=True)
    if "credit_code" in cleaned.values:
        _taken(cleaned.values["credit_code"], unit)
    before = snapshot(unit)
    phone_before = unit.contact_phone_enc
    apply_cleaned(unit, cleaned)
    if access.has_perm(user, "unit.edit"):
        check_department(user, unit)
    after = snapshot(unit)
    if after == before and (cleaned.phone is None or stored_phone(unit, phone_before) == cleaned.phone):
        return unit, False
    unit.save()
    chain.record("unit.update", obj=unit, before=before, after=after)
    return unit, True


def stored_phone(unit: Unit, token: str) -> str:
    return crypto.decrypt(token, PHONE_CONTEXT) if token else ""


def reveal_phone(user: User, unit: Unit, reason: str) -> str:
    access.require_unit_action(user, unit, "reveal")
    if wrong := reasons.problem(reason):
        raise Invalid(wrong, [FieldProblem("reason", wrong)])
    phone = stored_phone(unit, unit.contact_phone_enc)
    chain.record("unit.reveal", obj=unit, after={"reason": reason.strip(), "field": "contact_phone"})
    return phone
