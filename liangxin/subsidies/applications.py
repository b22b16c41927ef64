"""Taking in one application (a form, the API or an import row): validate every field with a Chinese
message naming it, encrypt personal data, compute the amount by the programme's rules, run the checks."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from liangxin import crypto
from liangxin.audit import chain
from liangxin.fastinsert import insert_rows
from liangxin.subsidies import checks, identifiers, rules
from liangxin.subsidies.models import Application, Flag, Programme

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


def _text(raw, key) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def _moment(value) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("/", "-").replace("T", " ")
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                moment = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware below
                break
            except ValueError:
                continue
        else:
            raise ValueError("应为日期时间，如 2025-06-18 14:30")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@dataclass
class Parsed:
    fields: dict
    id_number: str = ""
    phone: str = ""


def parse(programme: Programme, raw: dict) -> Parsed:
    """Every field checked; all problems reported at once."""
    problems: list[FieldProblem] = []
    fields: dict = {}
    for key in REQUIRED.get(programme.kind, []):
        if not _text(raw, key):
            problems.append(FieldProblem(key, "必填"))
    parsed = Parsed(fields)
    checkers = {
        "id_number": identifiers.id_card,
        "phone": identifiers.mobile,
        "vin": identifiers.vin,
        "invoice_number": identifiers.invoice_number,
    }
    for key, check in checkers.items():
        if _text(raw, key):
            try:
                value = check(raw[key])
            except identifiers.IdentifierInvalid as exc:
                problems.append(FieldProblem(key, str(exc)))
                continue
            if key == "id_number":
                parsed.id_number = value
            elif key == "phone":
                parsed.phone = value
            else:
                fields[key] = value
    for key in (
        "brand_model",
        "serial_number",
        "voucher_number",
        "retailer",
        "scrap_certificate",
        "vehicle_type",
        "category",
    ):
        fields[key] = _text(raw, key)[:200]
    fields["applicant_name"] = _text(raw, "name")[:100]
    if _text(raw, "price"):
        try:
            price = Decimal(_text(raw, "price").replace(",", ""))
            if not price.is_finite() or price <= 0 or price != price.quantize(Decimal("0.01")):
                raise InvalidOperation
            fields["price"] = price
        except InvalidOperation:
            problems.append(FieldProblem("price", "应为大于 0、最多两位小数的金额"))
    if _text(raw, "transaction_at"):
        try:
            fields["transaction_at"] = _moment(raw["transaction_at"])
        except ValueError as exc:
            problems.append(FieldProblem("transaction_at", str(exc)))
    if _text(raw, "grade"):
        try:
            fields["grade"] = rules.grade(raw["grade"])
        except rules.RuleError as exc:
            problems.append(FieldProblem("grade", str(exc)))
    rule = rules.from_data(programme.rules)
    if (
        isinstance(rule, rules.ShareByGrade)
        and fields.get("category")
        and fields["category"] not in rule.categories
    ):
        problems.append(FieldProblem("category", f"“{fields['category']}”不是本项目的补贴品类"))
    if problems:
        raise ApplicationInvalid(problems)
    return parsed


def fingerprint(programme: Programme, parsed: Parsed) -> str:
    """The same row imported twice is the same application."""
    f = parsed.fields
    key = "|".join(
        [
            programme.code,
            parsed.id_number,
            f.get("category", ""),
            f.get("invoice_number", ""),
            f.get("serial_number", ""),
            f.get("vin", ""),
            str(f.get("transaction_at", "")),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def grant(programme: Programme, fields: dict) -> tuple[Decimal, str, list[checks.Finding]]:
    rule = rules.from_data(programme.rules)
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
        "amount": str(app.amount),
        "flags": [f.code for f in app.flags.all()],
    }


@dataclass
class Outcome:
    """One row's fate: a new application, or the problems that refused it."""

    application: Application | None = None
    problems: list[FieldProblem] | None = None
    duplicate_of: Application | None = None
    flags: list | None = None


def _build(
    user, programme: Programme, parsed: Parsed, row_print: str, source: str
) -> tuple[Application, list]:
    amount, explanation, findings = grant(programme, parsed.fields)
    app = Application(
        programme=programme,
        source=source,
        fingerprint=row_print,
        amount=amount,
        explanation=explanation,
        created_by=user if getattr(user, "pk", None) else None,
        status=Application.Status.PENDING,
        **parsed.fields,
    )
    app.transaction_hour = checks.hour_of(app.transaction_at)
    context = f"subsidies.application:{app.public_id}"
    if parsed.id_number:
        app.id_number_enc = crypto.encrypt(parsed.id_number, f"{context}:id_number")
        app.id_number_index = crypto.blind_index("id_number", parsed.id_number)
        app.id_number_masked = identifiers.mask_id_card(parsed.id_number)
    if parsed.phone:
        app.phone_enc = crypto.encrypt(parsed.phone, f"{context}:phone")
        app.phone_index = crypto.blind_index("phone", parsed.phone)
        app.phone_masked = identifiers.mask_mobile(parsed.phone)
    return app, findings


@transaction.atomic
def submit_batch(user, programme: Programme, raws: list[dict], source: str) -> list[Outcome]:
    """Take in many rows at once (the import pipeline; a single submission is a batch of one): rows are
    parsed, checked against the database and against each other, and saved with a few bulk queries."""
    if timezone.localdate() > programme.open_until:
        closed = [FieldProblem("programme", f"本项目已于 {programme.open_until} 停止受理")]
        return [Outcome(problems=closed) for _ in raws]
    outcomes = [Outcome() for _ in raws]
    parsed_rows = []
    for n, raw in enumerate(raws):
        try:
            parsed = parse(programme, raw)
        except ApplicationInvalid as exc:
            outcomes[n].problems = exc.problems
            continue
        parsed_rows.append((n, parsed, fingerprint(programme, parsed)))
    prints = {p for _, _, p in parsed_rows}
    existing = {
        a.fingerprint: a for a in Application.objects.filter(programme=programme, fingerprint__in=prints)
    }
    fresh, findings_before = [], []
    for n, parsed, row_print in parsed_rows:
        if row_print in existing:
            outcomes[n].duplicate_of = existing[row_print]
            continue
        app, findings = _build(user, programme, parsed, row_print, source)
        existing[row_print] = app
        fresh.append((n, app))
        findings_before.append(findings)
    rule = rules.from_data(programme.rules)
    batch_findings = checks.run_batch([app for _, app in fresh], getattr(rule, "limit_for", None))
    flags = []
    for (n, app), before, found in zip(fresh, findings_before, batch_findings, strict=True):
        all_found = before + found
        if all_found:
            app.status = Application.Status.FLAGGED
        flags.append(all_found)
        outcomes[n].application = app
        outcomes[n].flags = all_found
    saved = [app for _, app in fresh]
    insert_rows(Application, saved)
    ids = dict(
        Application.objects.filter(public_id__in=[a.public_id for a in saved]).values_list("public_id", "id")
    )
    for app in saved:
        app.pk = ids[app.public_id]
        app._state.adding = False
    insert_rows(
        Flag,
        [
            Flag(application=app, code=f.code, message=f.message, related=f.related)
            for (_, app), found in zip(fresh, flags, strict=True)
            for f in found
        ],
    )
    return outcomes


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
    corrected, findings = _build(user, programme, parsed, row_print, app.source)
    keep = {"pk", "id", "public_id", "programme_id", "source", "created_by_id", "created_at"}
    for field in Application._meta.concrete_fields:
        if field.attname not in keep:
            setattr(app, field.attname, getattr(corrected, field.attname))
    context = f"subsidies.application:{app.public_id}"
    if parsed.id_number:
        app.id_number_enc = crypto.encrypt(parsed.id_number, f"{context}:id_number")
    if parsed.phone:
        app.phone_enc = crypto.encrypt(parsed.phone, f"{context}:phone")
    rule = rules.from_data(programme.rules)
    findings += checks.run_batch([app], getattr(rule, "limit_for", None))[0]
    app.status = Application.Status.FLAGGED if findings else Application.Status.PENDING
    app.save()
    app.flags.all().delete()
    Flag.objects.bulk_create(
        [Flag(application=app, code=f.code, message=f.message, related=f.related) for f in findings]
    )
    chain.record("application.resubmit", obj=app, before=before, after=masked_snapshot(app))
    return app


def reveal(user, app: Application, field: str, reason: str) -> str:
    """The whole ID number or phone, for a user allowed to see it, with a stated reason; audited."""
    from liangxin.accounts import scope

    scope.require(user, "pii.reveal")
    if field not in ("id_number", "phone"):
        raise ValueError(field)
    if not reason or not reason.strip():
        raise ApplicationInvalid([FieldProblem("reason", "查看完整信息须填写理由")])
    value = crypto.decrypt(getattr(app, f"{field}_enc"), f"subsidies.application:{app.public_id}:{field}")
    chain.record(
        "pii.reveal",
        obj=app,
        after={"field": field, "reason": reason.strip(), "masked": getattr(app, f"{field}_masked")},
    )
    return value
