"""An application's fields: their Chinese names, which a programme requires, and reading one (a form, an
API body or an import row) into checked values with a Chinese message naming each faulty field; its
fingerprint and its amount by the programme's rules."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from liangxin.core import bounds, crypto, errors, identifiers
from liangxin.subsidies.intake import checks
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.programmes import rules

FIELD_NAMES = {
    "name": "姓名",
    "id_number": "身份证号",
    "phone": "手机号",
    "category": "品类",
    "grade": "能效等级",
    "brand_model": "品牌型号",
    "serial_number": "序列号",
    "price": "成交价格",
    "invoice_number": "发票号码",
    "voucher_number": "旧机回收凭证号",
    "retailer": "销售商户",
    "transaction_at": "交易时间",
    "vin": "车辆识别代号",
    "scrap_certificate": "报废机动车回收证明编号",
    "vehicle_type": "车辆类型",
    "credit_code": "统一社会信用代码",
    "bank_name": "开户银行",
    "bank_account": "收款账号",
    "machine_type": "机具类型",
    "machine_subsidy": "原购置补贴额",
    "lines": "设备明细",
    "invoices": "发票扫描件",
    "row": "整行",
    "programme": "补贴项目",
    "reason": "理由",
}


REQUIRED = {
    "appliance": [
        "name",
        "id_number",
        "phone",
        "category",
        "grade",
        "brand_model",
        "serial_number",
        "price",
        "invoice_number",
        "voucher_number",
        "retailer",
        "transaction_at",
    ],
    "car_scrap": [
        "name",
        "id_number",
        "phone",
        "vin",
        "scrap_certificate",
        "vehicle_type",
        "invoice_number",
        "transaction_at",
        "bank_name",
        "bank_account",
    ],
    "car_replace": [
        "name",
        "id_number",
        "phone",
        "vin",
        "vehicle_type",
        "invoice_number",
        "transaction_at",
        "bank_name",
        "bank_account",
    ],
    "equipment": ["name", "credit_code", "phone", "bank_name", "bank_account", "lines"],
    "farm_machinery": [
        "name",
        "id_number",
        "phone",
        "machine_type",
        "machine_subsidy",
        "serial_number",
        "scrap_certificate",
        "transaction_at",
        "bank_name",
        "bank_account",
    ],
}


LINE_FIELDS = {
    "name": "设备名称",
    "spec": "规格型号",
    "quantity": "数量",
    "invoice_number": "发票号码",
    "amount": "发票金额",
}


# personal data: encrypted, blind-indexed for duplicate checks, and masked for display
PERSONAL = {
    "id_number": identifiers.mask_id_card,
    "phone": identifiers.mask_mobile,
    "bank_account": identifiers.mask_account,
}


class FieldProblem(errors.FieldProblem):
    """A fault in one of an application's fields, told with the field's Chinese name."""

    def __str__(self):
        return f"{FIELD_NAMES.get(self.field, self.field)}：{self.message}"

    def as_dict(self) -> dict:
        return {"field": self.field, "message": str(self)}


class ApplicationInvalid(errors.Invalid):
    summary = "申请内容有误"

    def __init__(self, problems: list[FieldProblem]):
        super().__init__("；".join(str(p) for p in problems), problems)


CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


MOMENT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def _moment(value) -> datetime:
    """A transaction time as written in a form or a file; without a zone it is the district's time."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("/", "-").replace("T", " ")
        try:
            moment = datetime.fromisoformat(text)  # the usual spelling, quickly; 2025-6-8 9:05 below
        except ValueError:
            for fmt in MOMENT_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)  # noqa: DTZ007 - given the district's zone below
                    break
                except ValueError:
                    continue
            else:
                raise ValueError("应为日期时间，如 2025-06-18 14:30") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    return bounds.moment(moment)


@dataclass
class Parsed:
    fields: dict
    personal: dict = field(default_factory=dict)  # id_number, phone, bank_account in clear, never stored so
    lines: list = field(default_factory=list)


CHECKED = {
    "id_number": identifiers.id_card,
    "phone": identifiers.mobile,
    "bank_account": identifiers.bank_account,
    "credit_code": identifiers.credit_code,
    "vin": identifiers.vin,
    "invoice_number": identifiers.invoice_number,
}


FREE_TEXT = (
    "brand_model",
    "serial_number",
    "voucher_number",
    "retailer",
    "scrap_certificate",
    "vehicle_type",
    "category",
    "machine_type",
)


# free text as written: the form's or file's name for it → the application's column
TEXT_COLUMNS = {**{key: key for key in FREE_TEXT}, "name": "applicant_name", "bank_name": "bank_name"}


TEXT_LIMITS = {column: Application._meta.get_field(column).max_length for column in TEXT_COLUMNS.values()}


def _money(text: str) -> Decimal:
    """An amount in 元 greater than 0, within the domain's bounds (core.bounds)."""
    return bounds.money(text)


def _lines(raw_lines) -> tuple[list[dict], list[FieldProblem]]:
    """An enterprise's equipment lines; a problem names the line (设备明细第 2 行) and its field."""
    if not isinstance(raw_lines, list | tuple):
        return [], [FieldProblem("lines", "应为设备明细的列表")]
    lines, problems, seen = [], [], set()
    for number, raw in enumerate(raw_lines, start=1):
        where = f"第 {number} 行"
        if not isinstance(raw, dict):
            problems.append(FieldProblem("lines", f"{where}应为一台设备的名称、数量、发票号码和金额"))
            continue
        text = {key: "" if value is None else str(value).strip() for key, value in raw.items()}
        line = {"name": text.get("name", ""), "spec": text.get("spec", "")}
        for key in ("name", "spec"):
            if len(line[key]) > 200 or CONTROL_CHARACTER.search(line[key]):
                problems.append(
                    FieldProblem("lines", f"{where}{LINE_FIELDS[key]}：不能超过 200 个字符或含控制字符")
                )
                line[key] = line[key][:200]
        for key in ("name", "quantity", "invoice_number", "amount"):
            if not text.get(key):
                problems.append(FieldProblem("lines", f"{where}{LINE_FIELDS[key]}：必填"))
        if text.get("quantity"):
            if text["quantity"].isdigit() and int(text["quantity"]) > 0:
                line["quantity"] = int(text["quantity"])
            else:
                problems.append(FieldProblem("lines", f"{where}数量：应为正整数"))
        if text.get("invoice_number"):
            try:
                line["invoice_number"] = identifiers.invoice_number(text["invoice_number"])
            except identifiers.IdentifierInvalid as exc:
                problems.append(FieldProblem("lines", f"{where}发票号码：{exc}"))
            else:
                if line["invoice_number"] in seen:
                    problems.append(FieldProblem("lines", f"{where}发票号码：与前面一行重复"))
                seen.add(line["invoice_number"])
        if text.get("amount"):
            try:
                line["amount"] = _money(text["amount"])
            except ValueError as exc:
                problems.append(FieldProblem("lines", f"{where}发票金额：{exc}"))
        lines.append(line)
    if not raw_lines:
        problems.append(FieldProblem("lines", "至少填写一台设备"))
    return lines, problems


def parse(programme: Programme, raw: dict, rule=None) -> Parsed:
    """Every field checked; all problems reported at once. A batch passes the programme's rule in."""
    text = {key: "" if value is None else str(value).strip() for key, value in raw.items()}
    problems = [FieldProblem(key, "必填") for key in REQUIRED.get(programme.kind, ()) if not text.get(key)]
    fields: dict = {}
    controls = CONTROL_CHARACTER.search("".join(text.values()))  # one search, for the rare row that has any
    for key, column in TEXT_COLUMNS.items():
        value = text.get(key, "")
        if len(value) > TEXT_LIMITS[column]:
            problems.append(FieldProblem(key, f"不能超过 {TEXT_LIMITS[column]} 个字符"))
        elif controls and CONTROL_CHARACTER.search(value):
            problems.append(FieldProblem(key, "含有换行符或不可见的控制字符"))
        fields[column] = value[: TEXT_LIMITS[column]]
    parsed = Parsed(fields)
    for key, check in CHECKED.items():
        if text.get(key):
            try:
                value = check(text[key])
            except identifiers.IdentifierInvalid as exc:
                problems.append(FieldProblem(key, str(exc)))
                continue
            if key in PERSONAL:
                parsed.personal[key] = value
            else:
                fields[key] = value
    for key in ("price", "machine_subsidy"):
        if text.get(key):
            try:
                fields[key] = _money(text[key])
            except ValueError as exc:
                problems.append(FieldProblem(key, str(exc)))
    if programme.kind == Programme.Kind.EQUIPMENT and raw.get("lines") is not None:
        parsed.lines, line_problems = _lines(raw["lines"])
        problems += line_problems
        if not line_problems:
            fields["price"] = sum((line["amount"] for line in parsed.lines), Decimal("0.00"))
    if text.get("transaction_at"):
        try:
            fields["transaction_at"] = _moment(raw["transaction_at"])
        except ValueError as exc:
            problems.append(FieldProblem("transaction_at", str(exc)))
    if text.get("grade"):
        try:
            fields["grade"] = rules.grade(text["grade"])
        except rules.RuleError as exc:
            problems.append(FieldProblem("grade", str(exc)))
    rule = rule or rules.from_data(programme.rules)
    problems += [FieldProblem(key, message) for key, message in rule.field_problems(fields)]
    if problems:
        raise ApplicationInvalid(problems)
    return parsed


def fingerprint(programme: Programme, parsed: Parsed) -> str:
    """The same row imported twice is the same application."""
    f = parsed.fields
    key = "|".join(
        [
            programme.code,
            parsed.personal.get("id_number", ""),
            f.get("credit_code", ""),
            ",".join(sorted(line["invoice_number"] for line in parsed.lines)),
            f.get("category", ""),
            f.get("invoice_number", ""),
            f.get("serial_number", ""),
            f.get("vin", ""),
            str(f.get("transaction_at", "")),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[: crypto.LOOKUP_KEY_HEX]


def grant(programme: Programme, fields: dict, rule=None) -> tuple[Decimal, str, list[checks.Finding]]:
    rule = rule or rules.from_data(programme.rules)
    try:
        result = rule.amount(fields)
    except rules.RuleError as exc:
        return Decimal("0.00"), "", [checks.Finding("INELIGIBLE", str(exc))]
    return (
        result.amount,
        result.explanation,
        [checks.Finding(code, message) for code, message in result.flags],
    )
