"""Taking in one application (a form, the API or an import row): validate every field with a Chinese
message naming it, encrypt personal data, compute the amount by the programme's rules, run the checks."""

import functools
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from liangxin.audit import chain
from liangxin.core import crypto, identifiers, reasons
from liangxin.core.fastinsert import Layout, allocate_ids, insert_rows
from liangxin.core.ids import uuid7
from liangxin.subsidies import access, notices
from liangxin.subsidies.intake import check_queries, checks, numbers
from liangxin.subsidies.intake.fields import (
    PERSONAL,
    TEXT_LIMITS,
    ApplicationInvalid,
    FieldProblem,
    Parsed,
    _money,
    fingerprint,
    grant,
    parse,
)
from liangxin.subsidies.models import Application, EquipmentLine, Flag, Programme
from liangxin.subsidies.programmes import rules


def masked_snapshot(app: Application) -> dict:
    """What the audit trail keeps: never a plaintext ID number or phone."""
    return {
        "programme": app.programme.code,
        "number": app.number,
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
    number: str = ""  # SQ-2025- until saved, when numbers.number completes it
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
        number=numbers.year_prefix(now),
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


def price_sample(cells, resumed_job: int | None = None) -> checks.PriceSample:
    """The usual prices a whole file is judged by: each (brand and model, price) cell pair of its rows,
    read as `parse` reads them (a row refused for another field still tells what a model sells at), with
    the saved sales of those models, less those taken in from this file before a stop (`resumed_job`)."""
    sample = checks.PriceSample()
    limit = TEXT_LIMITS["brand_model"]
    for model, price in cells:
        model = "" if model is None else str(model).strip()[:limit]
        try:
            amount = _money("" if price is None else str(price).strip())
        except ValueError:
            continue
        if model:
            sample.add(model, amount)
    return sample.add_history(less_job=resumed_job)


@transaction.atomic
def save_prepared(
    programme: Programme, prepared: list[Prepared], prices: checks.PriceSample | None = None
) -> list[Outcome]:
    """Check prepared rows against the database and against each other, and save them with a few bulk
    queries. A row already taken in (same fingerprint) is its earlier application, not a new one. An
    import passes its file's `prices` (price_sample), so that the batch size changes no verdict."""
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
    batch_findings = checks.run_batch(programme, drafts, rule.limit_for, prices)
    if rule.capped_per_applicant:
        _cap_per_applicant(programme, rule, drafts, batch_findings)
    for (n, row), found in zip(fresh, batch_findings, strict=True):
        outcomes[n].application = row.draft
        outcomes[n].flags = row.findings + found
        if outcomes[n].flags:
            row.draft.status = Application.Status.FLAGGED
    check_queries.record_prices(
        Counter(
            (row.draft.brand_model, checks.price_bucket(row.draft.price))
            for n, row in fresh
            if row.draft.brand_model
            and row.draft.price is not None
            and not any(f.code == "PRICE_OUTLIER" for f in outcomes[n].flags)
        )
    )
    for draft, pk in zip(drafts, allocate_ids(Application, len(drafts)), strict=True):
        draft.pk = pk
    numbers.number(programme.pk, drafts)  # the counter is locked from here to the commit: taken last
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
    """Rules capped per applicant: an enterprise's cap counts its live applications in the programme and
    the batch's earlier ones. The programme's row is locked first, so two submissions at once cannot both
    read the same room under the cap (SQLite's transactions are serial already)."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    excluded = [d.pk for d in drafts if d.pk]  # an application being corrected does not count twice
    granted = check_queries.granted_to(
        programme.pk, {d.credit_code for d in drafts if d.credit_code}, excluded=excluded
    )
    for draft, found in zip(drafts, findings, strict=True):
        if not draft.credit_code or draft.price is None:
            continue
        already = granted.get(draft.credit_code, Decimal("0.00"))
        result, cut = rule.within_cap(draft, already)
        draft.amount, draft.explanation = result.amount, result.explanation
        granted[draft.credit_code] = already + result.amount
        if cut:
            found.append(checks.Finding("CAP_REACHED", cut))


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
    app = Application.objects.select_related("programme").get(pk=outcome.application.pk)
    chain.record("application.create", obj=app, after=masked_snapshot(app))
    notices.entered(app)
    return app, True


@transaction.atomic
def resubmit(user, app: Application, raw: dict) -> Application:
    """A returned application, corrected: every field checked again, amount and checks recomputed, and it
    goes back to review (or waits for a person if a check still finds something)."""
    app = Application.objects.select_for_update().select_related("programme").get(pk=app.pk)
    access.require_action(
        user, app, "resubmit", lambda why: ApplicationInvalid([FieldProblem("programme", why)])
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
    if rule.capped_per_applicant:
        corrected.pk = app.pk
        capped: list[list] = [[]]
        _cap_per_applicant(programme, rule, [corrected], capped)
        findings += capped[0]
    keep = {"pk", "id", "public_id", "number", "programme_id", "source", "created_by_id", "created_at"}
    for column in Application._meta.concrete_fields:
        if column.attname not in keep:
            setattr(app, column.attname, getattr(corrected, column.attname))
    _protect(app, parsed.personal)  # encrypted again under this row's own identity
    app.lines.all().delete()
    EquipmentLine.objects.bulk_create([EquipmentLine(application=app, **line) for line in corrected.lines])
    findings += checks.run_batch(programme, [app], rule.limit_for)[0]
    app.status = Application.Status.FLAGGED if findings else Application.Status.PENDING
    app.save()
    app.flags.all().delete()
    Flag.objects.bulk_create(
        [Flag(application=app, code=f.code, message=f.message, related=f.related) for f in findings]
    )
    chain.record("application.resubmit", obj=app, before=before, after=masked_snapshot(app))
    notices.entered(app)
    return app


def reveal(user, app: Application, field: str, reason: str) -> str:
    """The whole ID number, phone or bank account, for a user allowed to see it, with a stated reason;
    audited."""
    access.require_action(user, app, "reveal")
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
