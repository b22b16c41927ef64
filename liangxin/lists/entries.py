"""An entry of either list: its fields checked once for the form, the API and an Excel row (each fault named
by field, and row), created and changed with a step of its history and an audit entry of before and after,
the contact's phone encrypted (shown masked; its reveal audited with a reason)."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from liangxin.accounts.models import Department, User
from liangxin.accounts.scope import has_perm
from liangxin.audit import chain
from liangxin.core import crypto, identifiers, reasons
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import UNPRINTABLE, text_problem
from liangxin.enterprises.access import own_unit
from liangxin.enterprises.models import Unit
from liangxin.lists import access
from liangxin.lists.codes import CONSUMER_CATEGORIES, DEMAND_KINDS
from liangxin.lists.models import SupplyCategory, SupplyEntry
from liangxin.plans.fields import FIELDS

SUPPLY_LABELS = {
    "unit": "企业",
    "product": "产品名称",
    "category": "产品类别",
    "specification": "规格型号与技术参数",
    "certifications": "资质认证与荣誉",
    "honours": "企业荣誉",
    "capacity": "产能",
    "price_min": "参考价格下限（万元）",
    "price_max": "参考价格上限（万元）",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
DEMAND_LABELS = {
    "kind": "需求类型",
    "unit": "需求单位",
    "town": "所在街道/镇",
    "subject": "需求内容",
    "field": "领域",
    "category": "所需产品类别",
    "consumer_category": "消费品类别",
    "specification": "规格与要求",
    "quantity": "数量",
    "measure": "计量单位",
    "amount": "预算或预计金额（万元）",
    "wanted_by": "需求时间（月）",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
LABELS = {"supply": SUPPLY_LABELS, "demand": DEMAND_LABELS}
TEXT_LIMITS = {"product": 200, "subject": 200, "capacity": 200, "specification": 2000, "certifications": 1000}
MAX_WAN = Decimal("100000000")
MAX_QUANTITY = Decimal("1000000000")
EARLIEST, LATEST = date(2020, 1, 1), date(2035, 12, 31)
PHONE_CONTEXT = "lists:contact_phone"
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?")


class EntryInvalid(Invalid):
    summary = "清单条目有误"


@dataclass
class Cleaned:
    values: dict
    phone: str  # in clear, "" for none
    honours: list | None = None  # the supply entry's linked honours


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _name(value) -> str:
    """A name or code to look up: control characters (PostgreSQL refuses a NUL) find nothing."""
    text = _text(value)
    return "" if UNPRINTABLE.search(text) else text


def _decimal(value, places: int, limit: Decimal, positive: bool) -> Decimal:
    try:
        amount = Decimal(_text(value).replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("应为数字") from exc
    if not amount.is_finite() or amount < 0 or amount >= limit or (positive and amount == 0):
        raise ValueError(f"应为{'大于' if positive else '不小于'} 0 且小于 {limit:,.0f} 的数")
    if amount.as_tuple().exponent < -places:
        raise ValueError(f"最多 {places} 位小数")
    return amount


def month(value) -> date:
    """A month as people write it (2025-06, 2025年6月, or a date in it): its first day."""
    if isinstance(value, datetime):  # an Excel date cell
        value = value.date()
    if isinstance(value, date):
        found = value.replace(day=1)
    else:
        match = _MONTH.fullmatch(_text(value))
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError("应为年月，如 2025-06")
        found = date(int(match[1]), int(match[2]), 1)
    if not EARLIEST <= found <= LATEST:
        raise ValueError(f"应在 {EARLIEST.year} 至 {LATEST.year} 年之间")
    return found


def _unit(value) -> Unit | None:
    text = _name(value)
    if not text:
        return None
    return (
        Unit.objects.filter(credit_code=text.upper()).first()
        or Unit.objects.filter(name=text).first()
        or (Unit.objects.filter(pk=int(text)).first() if text.isdigit() else None)
    )


def _coded(registry, value):
    text = _text(value)
    return registry.get(text) or next((e for e in registry if e.label == text), None)


def _category(value) -> SupplyCategory | None:
    text = _name(value)
    if not text:
        return None
    return (
        SupplyCategory.objects.filter(code=text).first()
        or SupplyCategory.objects.filter(name=text).first()
        or (SupplyCategory.objects.filter(pk=int(text)).first() if text.isdigit() else None)
    )


class _Checker:
    def __init__(self, list_code: str, data: dict, row: int | None):
        self.labels, self.data, self.row = LABELS[list_code], data, row
        self.problems: list[FieldProblem] = []
        self.values: dict = {}

    def wrong(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(field, f"{self.labels[field]}：{message}", self.row))

    def text(self, field: str, required: bool = False, limit: int = 0, one_line: bool = False) -> None:
        text = _text(self.data.get(field))
        limit = limit or TEXT_LIMITS.get(field, 50)
        if required and not text:
            self.wrong(field, "必填")
        elif problem := text_problem(text, limit) or ("不能换行" if one_line and "\n" in text else None):
            self.wrong(field, problem)
        else:
            self.values[field] = text

    def number(self, field: str, places: int, limit: Decimal, positive=False, required=True) -> None:
        if not _text(self.data.get(field)):
            if required:
                self.wrong(field, "必填")
            else:
                self.values[field] = None
            return
        try:
            self.values[field] = _decimal(self.data.get(field), places, limit, positive)
        except ValueError as exc:
            self.wrong(field, str(exc))

    def unit(self, user: User, required: bool) -> None:
        if has_perm(user, "lists.view_own") and not has_perm(user, "lists.enter_any"):
            unit = own_unit(user)
            given = _text(self.data.get("unit"))
            if unit is None:
                self.wrong("unit", "您的企业尚未在“企业与单位”登记，请联系主管部门")
            elif given and _unit(given) != unit:
                self.wrong("unit", "企业只能填报本企业的条目")
            self.values["unit"] = unit
            return
        given = _text(self.data.get("unit"))
        unit = _unit(given)
        if given and unit is None:
            self.wrong("unit", "请填写已在“企业与单位”登记的单位名称或统一社会信用代码")
        elif required and unit is None:
            self.wrong("unit", "必填")
        self.values["unit"] = unit

    def contact(self) -> str:
        self.text("contact_name", one_line=True)
        text = _text(self.data.get("contact_phone"))
        try:
            return identifiers.mobile(text) if text else ""
        except identifiers.IdentifierInvalid as exc:
            self.wrong("contact_phone", exc.message)
            return ""

    def done(self) -> None:
        if self.problems:
            only = self.problems[0].message if len(self.problems) == 1 else "清单条目有误"
            raise EntryInvalid(only, self.problems)


def _honour_ids(value) -> list[int]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[、，,；;\s]+", _text(value))
    ids = []
    for item in items:
        if _text(item):
            if not _text(item).isdigit() or int(_text(item)) >= 2**63:
                raise ValueError(f"“{item}”不是荣誉的编号")
            ids.append(int(_text(item)))
    return ids


def clean_supply(user: User, data: dict, row: int | None = None) -> Cleaned:
    check = _Checker("supply", data, row)
    check.unit(user, required=True)
    check.text("product", required=True, one_line=True)
    category = _category(data.get("category"))
    if category is None:
        check.wrong("category", f"应为{'、'.join(c.name for c in access.supply_categories())}之一")
    check.values["category"] = category
    for field in ("specification", "certifications"):
        check.text(field)
    check.text("capacity", one_line=True)
    for field in ("price_min", "price_max"):
        check.number(field, 4, MAX_WAN, required=False)
    low, high = check.values.get("price_min"), check.values.get("price_max")
    if low is not None and high is not None and low > high:
        check.wrong("price_max", "不能低于参考价格下限")
    honours = []
    try:
        ids = _honour_ids(data.get("honours"))
        unit = check.values.get("unit")
        if ids and unit is not None:
            honours = list(unit.honours.filter(pk__in=ids, withdrawn_at__isnull=True))
            if len(honours) != len(set(ids)):
                check.wrong("honours", "只能选择本企业在册的荣誉")
    except ValueError as exc:
        check.wrong("honours", str(exc))
    phone = check.contact()
    check.done()
    return Cleaned(check.values, phone, honours)


def clean_demand(user: User, data: dict, row: int | None = None) -> Cleaned:
    check = _Checker("demand", data, row)
    kind = _coded(DEMAND_KINDS, data.get("kind"))
    if kind is None:
        check.wrong("kind", f"应为{'、'.join(k.label for k in DEMAND_KINDS)}之一")
    check.values["kind"] = kind.code if kind else ""
    equipment = kind is not None and kind.code == "equipment"
    check.unit(user, required=equipment)
    check.text("subject", required=True, one_line=True)
    check.text("specification")
    town_given, town_text = _text(data.get("town")), _name(data.get("town"))
    town = (
        Department.objects.filter(code=town_text).first() or Department.objects.filter(name=town_text).first()
        if town_text
        else None
    )
    if town_given and (town is None or town.kind not in (Department.Kind.STREET, Department.Kind.TOWN)):
        check.wrong("town", f"“{town_text or town_given[:20]}”不是街道或镇")
    unit = check.values.get("unit")
    check.values["town"] = town if town_given else (unit.town if unit else None)
    field = _coded(FIELDS, data.get("field")) if _text(data.get("field")) else None
    consumer = _coded(CONSUMER_CATEGORIES, data.get("consumer_category"))
    if kind is not None and equipment:
        if field is None:
            check.wrong("field", f"设备更新需求须填写，应为{'、'.join(f.label for f in FIELDS)}之一")
        if _text(data.get("consumer_category")):
            check.wrong("consumer_category", "设备更新需求不填消费品类别")
    elif kind is not None:
        if consumer is None:
            check.wrong(
                "consumer_category",
                f"以旧换新需求须填写，应为{'、'.join(c.label for c in CONSUMER_CATEGORIES)}之一",
            )
        if _text(data.get("field")):
            check.wrong("field", "消费品以旧换新需求不填领域")
    check.values["field"] = field.code if field and equipment else ""
    check.values["consumer_category"] = consumer.code if consumer and not equipment else ""
    category_text = _text(data.get("category"))
    category = _category(category_text) if category_text and equipment else None
    if category_text and equipment and category is None:
        check.wrong("category", f"应为{'、'.join(c.name for c in access.supply_categories())}之一")
    elif category_text and not equipment and kind is not None:
        check.wrong("category", "消费品以旧换新需求不填所需产品类别")
    check.values["category"] = category
    check.number("quantity", 2, MAX_QUANTITY, positive=True)
    if not _text(data.get("measure")) and consumer is not None and not equipment:
        data = data | {"measure": consumer.measure}
        check.data = data
    check.text("measure", required=True, limit=10, one_line=True)
    check.number("amount", 4, MAX_WAN)
    try:
        check.values["wanted_by"] = month(data.get("wanted_by"))
    except ValueError as exc:
        check.wrong("wanted_by", str(exc))
    phone = check.contact()
    check.done()
    return Cleaned(check.values, phone)


CLEAN = {"supply": clean_supply, "demand": clean_demand}


def snapshot(entry) -> dict:
    """The entry's fields as the audit trail keeps them (the phone only masked)."""
    found = {
        "status": entry.status,
        "unit": entry.unit.credit_code if entry.unit else None,
        "department": entry.department.code if entry.department else None,
        "contact_name": entry.contact_name,
        "contact_phone": entry.contact_phone_masked,
        "specification": entry.specification,
    }
    if isinstance(entry, SupplyEntry):
        return found | {
            "product": entry.product,
            "category": entry.category.code,
            "certifications": entry.certifications,
            "honours": sorted(entry.honours.values_list("pk", flat=True)) if entry.pk else [],
            "capacity": entry.capacity,
            "price_min": None if entry.price_min is None else f"{entry.price_min:.4f}",
            "price_max": None if entry.price_max is None else f"{entry.price_max:.4f}",
        }
    return found | {
        "kind": entry.kind,
        "town": entry.town.code if entry.town else None,
        "subject": entry.subject,
        "field": entry.field,
        "category": entry.category.code if entry.category else None,
        "consumer_category": entry.consumer_category,
        "quantity": f"{entry.quantity:.2f}",
        "measure": entry.measure,
        "amount": f"{entry.amount:.4f}",
        "wanted_by": entry.wanted_by.strftime("%Y-%m"),
    }


def as_input(entry) -> dict:
    """The entry's fields as a form or a body gives them, so that an edit changes only what it names."""
    found = snapshot(entry)
    found.pop("status")
    found.pop("department")
    found["contact_phone"] = stored_phone(entry)
    for field in ("price_min", "price_max", "honours", "town", "category"):
        if found.get(field) is None:
            found.pop(field, None)
    return found


def _apply(entry, cleaned: Cleaned) -> None:
    for field, value in cleaned.values.items():
        setattr(entry, field, value)
    entry.contact_phone_enc = crypto.encrypt(cleaned.phone, PHONE_CONTEXT) if cleaned.phone else ""
    entry.contact_phone_masked = identifiers.mask_mobile(cleaned.phone) if cleaned.phone else ""


def log(entry, step: str, from_status: str, note: str, user: User) -> None:
    entry.changes.create(step=step, from_status=from_status, to_status=entry.status, note=note[:300], by=user)


def new_entry(user: User, list_code: str, cleaned: Cleaned):
    """An entry made of cleaned fields, not yet saved: the user's department enters it, or the enterprise."""
    model = access.MODELS[list_code]
    entering_department = None if has_perm(user, "lists.view_own") else user.department
    if entering_department is None and not has_perm(user, "lists.view_own"):
        raise EntryInvalid(
            "您的账号没有所属部门，不能录入清单", [FieldProblem("department", "录入部门：账号未设部门")]
        )
    entry = model(created_by=user, department=entering_department)
    _apply(entry, cleaned)
    return entry


def save_new(entry, cleaned: Cleaned, user: User, list_code: str) -> None:
    entry.save()
    if cleaned.honours:
        entry.honours.set(cleaned.honours)
    log(entry, "create", "", "", user)
    chain.record(f"{list_code}.create", obj=entry, after=snapshot(entry))


@transaction.atomic
def create(user: User, list_code: str, data: dict):
    access.require_enter(user)
    cleaned = CLEAN[list_code](user, data)
    entry = new_entry(user, list_code, cleaned)
    save_new(entry, cleaned, user, list_code)
    return entry


@transaction.atomic
def update(user: User, entry, data: dict):
    """Change the fields given, while the entry is a draft or returned; (entry, changed)."""
    list_code = access.list_of(entry)
    entry = access.MODELS[list_code].objects.select_for_update(of=("self",)).get(pk=entry.pk)
    access.require_action(user, entry, "edit")
    before = snapshot(entry)
    phone_before = stored_phone(entry)
    cleaned = CLEAN[list_code](user, as_input(entry) | data)
    _apply(entry, cleaned)
    after = snapshot(entry)
    if list_code == "supply":
        after["honours"] = sorted(h.pk for h in cleaned.honours or [])
    if after == before and cleaned.phone == phone_before:
        return entry, False
    entry.save()
    if list_code == "supply":
        entry.honours.set(cleaned.honours or [])
    log(entry, "update", entry.status, "", user)
    chain.record(f"{list_code}.update", obj=entry, before=before, after=after)
    return entry, True


def stored_phone(entry) -> str:
    return crypto.decrypt(entry.contact_phone_enc, PHONE_CONTEXT) if entry.contact_phone_enc else ""


def reveal_phone(user: User, entry, reason: str) -> str:
    access.require_action(user, entry, "reveal")
    if wrong := reasons.problem(reason):
        raise Invalid(wrong, [FieldProblem("reason", wrong)])
    chain.record(
        f"{access.list_of(entry)}.reveal",
        obj=entry,
        after={"reason": reason.strip(), "field": "contact_phone"},
    )
    return stored_phone(entry)
