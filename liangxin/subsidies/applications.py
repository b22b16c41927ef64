"""Taking in one application (a form, the API or an import row): validate every field with a Chinese
message naming it, encrypt personal data, compute the amount by the programme's rules, run the checks."""

import functools
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from liangxin.audit import chain
from liangxin.core import crypto, identifiers
from liangxin.core.fastinsert import Layout, allocate_ids, insert_rows
from liangxin.core.ids import uuid7
from liangxin.subsidies import access, check_queries, checks, reasons, rules
from liangxin.subsidies.models import Application, EquipmentLine, Flag, Programme

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
    ],
    "car_replace": ["name", "id_number", "phone", "vin", "vehicle_type", "invoice_number", "transaction_at"],
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


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def __str__(self):
        return f"{FIELD_NAMES.get(self.field, self.field)}：{self.message}"


class ApplicationInvalid(ValueError):
    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


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
    return moment


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
    """An amount in 元 written with at most two decimals (thousands separators allowed)."""
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("应为大于 0、最多两位小数的金额")
    return amount


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
    if (
        isinstance(rule, rules.ShareByGrade)
        and fields["category"]
        and fields["category"] not in rule.categories
    ):
        problems.append(FieldProblem("category", f"“{fields['category']}”不是本项目的补贴品类"))
    if (
        isinstance(rule, rules.CappedByType)
        and fields["machine_type"]
        and fields["machine_type"] not in rule.caps
    ):
        problems.append(
            FieldProblem(
                "machine_type", f"“{fields['machine_type']}”不在报废补贴范围内（{'、'.join(rule.caps)}）"
            )
        )
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
        if isinstance(rule, rules.ShareByGrade):
            found = []
            if rule.price_ceiling is not None and fields["price"] > rule.price_ceiling:
                found.append(
                    checks.Finding(
                        "PRICE_CEILING",
                        f"成交价格 {fields['price']} 元超过本项目上限 {rule.price_ceiling} 元",
                    )
                )
            result = rule.grant(
                category=fields["category"], grade_value=fields["grade"], price=fields["price"]
            )
            return result.amount, result.explanation, found
        if isinstance(rule, rules.FixedByType):
            result = rule.grant(vehicle_type=fields["vehicle_type"])
            return result.amount, result.explanation, []
        if isinstance(rule, rules.ShareWithCap):  # what the enterprise already has is added when saved
            result = rule.grant(cost=fields["price"])
            return result.amount, result.explanation, []
        if isinstance(rule, rules.CappedByType):
            result = rule.grant(machine_type=fields["machine_type"], base=fields["machine_subsidy"])
            return result.amount, result.explanation, []
    except rules.RuleError as exc:
        return Decimal("0.00"), "", [checks.Finding("INELIGIBLE", str(exc))]
    return Decimal("0.00"), "", [checks.Finding("MANUAL_AMOUNT", "本项目的补贴金额需经办人员核定")]


def masked_snapshot(app: Application) -> dict:
    """What the audit trail keeps: never a plaintext ID number or phone."""
    return {
        "programme": app.programme.code,
        "status": app.status,
        "name": identifiers.mask_name(app.applicant_name),
        "id_number": app.id_number_masked,
        "phone": app.phone_masked,
        "bank_account": app.bank_account_masked,
        "credit_code": app.credit_code,
        "amount": str(app.amount),
        "flags": [f.code for f in app.flags.all()],
    }


@dataclass(slots=True)
class Draft:
    """An application about to be inserted: the model's columns without Django's per-instance machinery,
    since the bulk import builds a million of them. A test keeps the fields in step with the model."""

    programme_id: int
    fingerprint: str
    source: str
    created_at: datetime
    created_by_id: int | None = None
    status: str = Application.Status.PENDING
    public_id: uuid.UUID = field(default_factory=uuid7)
    amount: Decimal = Decimal("0.00")
    explanation: str = ""
    applicant_name: str = ""
    id_number_enc: str = ""
    id_number_index: str = ""
    id_number_masked: str = ""
    phone_enc: str = ""
    phone_index: str = ""
    phone_masked: str = ""
    bank_account_enc: str = ""
    bank_account_index: str = ""
    bank_account_masked: str = ""
    bank_name: str = ""
    credit_code: str = ""
    category: str = ""
    grade: str = ""
    brand_model: str = ""
    serial_number: str = ""
    price: Decimal | None = None
    invoice_number: str = ""
    voucher_number: str = ""
    retailer: str = ""
    transaction_at: datetime | None = None
    retailer_hour: str = ""
    vin: str = ""
    scrap_certificate: str = ""
    vehicle_type: str = ""
    machine_type: str = ""
    machine_subsidy: Decimal | None = None
    pk: int | None = None
    lines: list = field(default_factory=list)  # an enterprise's equipment, saved with the application


def row_terms(programme: Programme) -> tuple:
    """What the work on a row alone depends on (its amount, the window check, its fingerprint): a
    programme edited in these during an import has the rest of the file's rows prepared again."""
    return (programme.code, programme.rules, programme.window_start, programme.window_end)


@functools.cache
def _application_layout() -> Layout:
    return Layout(Application, with_pk=True)


class Pending:
    """An application about to be inserted, held as the database row it will be: the import's workers
    build the row, and the saving process reads and sets the checks' attributes (fingerprint, pk,
    status, amount …) in place and inserts it as it is. Sent between processes as the bare list, since
    rebuilding a Draft of forty fields cost the saving process as much as checking the row."""

    __slots__ = ("values", "lines")

    def __init__(self, values: list, lines: list):
        self.values, self.lines = values, lines

    @classmethod
    def of(cls, draft: Draft) -> "Pending":
        return cls(_application_layout().row(draft), draft.lines)

    def __reduce__(self):
        return Pending, (self.values, self.lines)


def _column(position: int) -> property:
    def read(self):
        return self.values[position]

    def write(self, value):
        self.values[position] = value

    return property(read, write)


# a Draft's values in the database's form: a UUID is hex and a time is text on SQLite
for _position, _name in enumerate(Layout.names_of(Application, with_pk=True)):
    setattr(Pending, _name, _column(_position))


@dataclass
class Outcome:
    """One row's fate: a new application, or the problems that refused it."""

    application: Pending | None = None
    problems: list[FieldProblem] | None = None
    duplicate_of: Application | Pending | None = None
    flags: list | None = None


def _protect(app, personal: dict) -> None:
    """Personal data encrypted with the row's identity as associated data, indexed blind, and masked."""
    context = f"subsidies.application:{app.public_id}"
    for key, mask in PERSONAL.items():
        value = personal.get(key, "")
        setattr(app, f"{key}_enc", crypto.encrypt(value, f"{context}:{key}") if value else "")
        setattr(app, f"{key}_index", crypto.blind_index(key, value) if value else "")
        setattr(app, f"{key}_masked", mask(value) if value else "")


def _draft(user_id, programme, rule, parsed: Parsed, row_print: str, source: str, now) -> tuple[Draft, list]:
    amount, explanation, findings = grant(programme, parsed.fields, rule)
    if outside := checks.outside_window(programme, parsed.fields.get("transaction_at")):
        findings.append(outside)
    draft = Draft(
        programme_id=programme.pk,
        fingerprint=row_print,
        source=source,
        created_at=now,
        created_by_id=user_id,
        amount=amount,
        explanation=explanation,
        **parsed.fields,
    )
    draft.retailer_hour = checks.retailer_hour(draft.retailer, draft.transaction_at)
    draft.lines = parsed.lines
    _protect(draft, parsed.personal)
    return draft, findings


@dataclass(slots=True)
class Prepared:
    """A row after the work that needs no database: refused with its problems, or the application it
    makes (key and status still to be set) with the findings of the row alone (ineligible, over the
    price ceiling, outside the window)."""

    problems: list[FieldProblem] | None = None
    draft: Pending | None = None
    findings: list | None = None

    def __reduce__(self):  # a tuple between processes, not a dataclass rebuilt field by field
        return Prepared, (self.problems, self.draft, self.findings)


def prepare(
    programme: Programme, raws: list[dict], *, user_id, source: str, now, rule=None
) -> list[Prepared]:
    """Parse, compute amounts, encrypt: pure work, which the bulk import runs in worker processes."""
    rule = rule or rules.from_data(programme.rules)
    prepared = []
    for raw in raws:
        try:
            parsed = parse(programme, raw, rule)
        except ApplicationInvalid as exc:
            prepared.append(Prepared(problems=exc.problems))
            continue
        draft, findings = _draft(
            user_id, programme, rule, parsed, fingerprint(programme, parsed), source, now
        )
        prepared.append(Prepared(draft=Pending.of(draft), findings=findings))
    return prepared


@transaction.atomic
def save_prepared(programme: Programme, prepared: list[Prepared]) -> list[Outcome]:
    """Check prepared rows against the database and against each other, and save them with a few bulk
    queries. A row already taken in (same fingerprint) is its earlier application, not a new one."""
    if timezone.localdate() > programme.open_until:
        closed = [FieldProblem("programme", f"本项目已于 {programme.open_until} 停止受理")]
        return [Outcome(problems=closed) for _ in prepared]
    outcomes = [Outcome(problems=row.problems) for row in prepared]
    taken = check_queries.existing_prints(
        programme.pk, {row.draft.fingerprint for row in prepared if row.draft}
    )
    existing = {a.fingerprint: a for a in Application.objects.filter(pk__in=taken.values())} if taken else {}
    fresh = []
    for n, row in enumerate(prepared):
        if row.draft is None:
            continue
        if row.draft.fingerprint in existing:
            outcomes[n].duplicate_of = existing[row.draft.fingerprint]
        else:
            existing[row.draft.fingerprint] = row.draft
            fresh.append((n, row))
    drafts = [row.draft for _, row in fresh]
    rule = rules.from_data(programme.rules)
    batch_findings = checks.run_batch(programme, drafts, getattr(rule, "limit_for", None))
    if isinstance(rule, rules.ShareWithCap):
        _cap_per_applicant(programme, rule, drafts, batch_findings)
    for (n, row), found in zip(fresh, batch_findings, strict=True):
        outcomes[n].application = row.draft
        outcomes[n].flags = row.findings + found
        if outcomes[n].flags:
            row.draft.status = Application.Status.FLAGGED
    check_queries.record_prices(
        [
            (row.draft.brand_model, row.draft.price)
            for n, row in fresh
            if row.draft.brand_model
            and row.draft.price is not None
            and not any(f.code == "PRICE_OUTLIER" for f in outcomes[n].flags)
        ]
    )
    for draft, pk in zip(drafts, allocate_ids(Application, len(drafts)), strict=True):
        draft.pk = pk
    _application_layout().insert(draft.values for draft in drafts)
    insert_rows(
        EquipmentLine, [EquipmentLine(application_id=d.pk, **line) for d in drafts for line in d.lines]
    )
    insert_rows(
        Flag,
        [
            Flag(application_id=outcomes[n].application.pk, code=f.code, message=f.message, related=f.related)
            for n, _ in fresh
            for f in outcomes[n].flags
        ],
    )
    return outcomes


def _cap_per_applicant(programme, rule, drafts, findings) -> None:
    """An enterprise's cap counts its live applications in the programme and the batch's earlier ones.
    The programme's row is locked first, so two submissions at once cannot both read the same room
    under the cap (SQLite's transactions are serial already)."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    excluded = [d.pk for d in drafts if d.pk]  # an application being corrected does not count twice
    granted = check_queries.granted_to(
        programme.pk, {d.credit_code for d in drafts if d.credit_code}, excluded=excluded
    )
    for draft, found in zip(drafts, findings, strict=True):
        if not draft.credit_code or draft.price is None:
            continue
        already = granted.get(draft.credit_code, Decimal("0.00"))
        result = rule.grant(cost=draft.price, already_granted=already)
        draft.amount, draft.explanation = result.amount, result.explanation
        granted[draft.credit_code] = already + result.amount
        if result.amount < rules.yuan(draft.price * rule.rate / 100):
            found.append(
                checks.Finding(
                    "CAP_REACHED",
                    f"该企业在本项目中已申请补贴 {already} 元（含审核中），单个企业上限 "
                    f"{rule.cap_per_applicant} 元，本次按剩余额度 {result.amount} 元计",
                )
            )


def _own_enterprise_only(user, prepared: list[Prepared]) -> None:
    """An enterprise account's rows must be for its own enterprise; others are refused, naming it."""

    own = access.applying_for(user) if getattr(user, "pk", None) else None
    if own is None:
        return
    for row in prepared:
        if row.draft is not None and row.draft.credit_code != own:
            which = f"本企业（{own}）" if own else "本企业（账号尚未登记统一社会信用代码，请联系管理员）"
            row.problems, row.draft = [FieldProblem("credit_code", f"企业账号只能为{which}申报")], None


def submit_batch(user, programme: Programme, raws: list[dict], source: str) -> list[Outcome]:
    """Take in many rows at once (a single submission is a batch of one)."""
    prepared = prepare(programme, raws, user_id=getattr(user, "pk", None), source=source, now=timezone.now())
    _own_enterprise_only(user, prepared)
    return save_prepared(programme, prepared)


@transaction.atomic
def submit(user, programme: Programme, raw: dict, source: str = "form") -> tuple[Application, bool]:
    """One application (a form or the API). Returns (application, created); the same application
    submitted twice creates nothing new."""
    outcome = submit_batch(user, programme, [raw], source)[0]
    if outcome.problems:
        raise ApplicationInvalid(outcome.problems)
    if outcome.duplicate_of is not None:
        return outcome.duplicate_of, False
    app = Application.objects.get(pk=outcome.application.pk)
    chain.record("application.create", obj=app, after=masked_snapshot(app))
    return app, True


@transaction.atomic
def resubmit(user, app: Application, raw: dict) -> Application:
    """A returned application, corrected: every field checked again, amount and checks recomputed, and it
    goes back to review (or waits for a person if a check still finds something)."""
    app = Application.objects.select_for_update().select_related("programme").get(pk=app.pk)
    if app.status != Application.Status.RETURNED:
        raise ApplicationInvalid(
            [FieldProblem("programme", f"申请当前为“{app.get_status_display()}”，只有退回的申请可以补正")]
        )
    programme = app.programme
    parsed = parse(programme, raw)
    row_print = fingerprint(programme, parsed)
    if Application.objects.filter(programme=programme, fingerprint=row_print).exclude(pk=app.pk).exists():
        raise ApplicationInvalid([FieldProblem("row", "补正后的内容与另一份已受理的申请相同")])
    before = masked_snapshot(app)
    rule = rules.from_data(programme.rules)
    corrected, findings = _draft(user.pk, programme, rule, parsed, row_print, app.source, app.created_at)
    checked = [Prepared(draft=corrected)]
    _own_enterprise_only(user, checked)
    if checked[0].problems:
        raise ApplicationInvalid(checked[0].problems)
    if isinstance(rule, rules.ShareWithCap):
        corrected.pk = app.pk
        capped: list[list] = [[]]
        _cap_per_applicant(programme, rule, [corrected], capped)
        findings += capped[0]
    keep = {"pk", "id", "public_id", "programme_id", "source", "created_by_id", "created_at"}
    for column in Application._meta.concrete_fields:
        if column.attname not in keep:
            setattr(app, column.attname, getattr(corrected, column.attname))
    _protect(app, parsed.personal)  # encrypted again under this row's own identity
    app.lines.all().delete()
    EquipmentLine.objects.bulk_create([EquipmentLine(application=app, **line) for line in corrected.lines])
    findings += checks.run_batch(programme, [app], getattr(rule, "limit_for", None))[0]
    app.status = Application.Status.FLAGGED if findings else Application.Status.PENDING
    app.save()
    app.flags.all().delete()
    Flag.objects.bulk_create(
        [Flag(application=app, code=f.code, message=f.message, related=f.related) for f in findings]
    )
    chain.record("application.resubmit", obj=app, before=before, after=masked_snapshot(app))
    return app


def reveal(user, app: Application, field: str, reason: str) -> str:
    """The whole ID number, phone or bank account, for a user allowed to see it, with a stated reason;
    audited."""
    from liangxin.accounts import scope

    scope.require(user, "pii.reveal")
    if field not in PERSONAL:
        raise ValueError(field)
    if wrong := reasons.problem(reason):
        raise ApplicationInvalid([FieldProblem("reason", f"查看完整信息{wrong}")])
    value = crypto.decrypt(getattr(app, f"{field}_enc"), f"subsidies.application:{app.public_id}:{field}")
    chain.record(
        "pii.reveal",
        obj=app,
        after={"field": field, "reason": reason.strip(), "masked": getattr(app, f"{field}_masked")},
    )
    return value
