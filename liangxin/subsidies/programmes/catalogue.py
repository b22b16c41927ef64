"""Programmes as data: a YAML file validated with its paths (like a plan file), loaded in one
transaction, each create or change an audit entry.

The web form and the API edit a programme through `update`, which checks the edited programme with the
same `validate_entry` as every entry of a file: the form, the API and the file can never disagree."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from liangxin.accounts.models import Department
from liangxin.audit import chain
from liangxin.core import bounds
from liangxin.plans.planfile import PlanFileInvalid, describe_error, error_path, read_file
from liangxin.subsidies.models import Programme
from liangxin.subsidies.payouts.settlement import SETTLEMENT_BY_KIND
from liangxin.subsidies.programmes import rules
from liangxin.subsidies.programmes.errors import ProgrammeInvalid, ProgrammeProblem

DEMO_FILE = Path(__file__).resolve().parent / "data" / "programmes-demo.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


PlannedDay = Annotated[date, AfterValidator(bounds.planned_day)]


class Window(_Strict):
    start: PlannedDay
    end: PlannedDay


class RetailerEntry(_Strict):
    """A retailer repaid under retailer settlement: its name as applications give it, and its account."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    credit_code: Annotated[str, Field(max_length=18)] = ""
    account_name: Annotated[str, Field(max_length=200)] = ""  # 户名, the name if not given
    bank: Annotated[str, Field(min_length=1, max_length=100)]
    account: Annotated[str, Field(pattern=r"^[0-9][0-9 -]{5,38}[0-9]$")]


class ProgrammeEntry(_Strict):
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    department: str
    kind: Literal["appliance", "car_scrap", "car_replace", "equipment", "farm_machinery"]
    applicant: Literal["individual", "enterprise"]
    funding_source: Annotated[str, Field(min_length=1, max_length=200)]
    year: Annotated[int, Field(ge=2000, le=2100)]
    window: Window
    open_until: PlannedDay
    budget: Annotated[Decimal, Field(ge=0, lt=bounds.MONEY_LIMIT, max_digits=16, decimal_places=2)]
    indicator: str | None = None
    rules: dict  # checked against its formula's schema below
    # 型号指导价: a model's usual price while it has too few sales to take the median of
    reference_prices: (
        dict[
            Annotated[str, Field(min_length=1, max_length=200)],
            Annotated[Decimal, Field(gt=0, lt=bounds.MONEY_LIMIT, max_digits=14, decimal_places=2)],
        ]
        | None
    ) = None
    # 结算对象: who is paid (payouts/settlement.py); by default as the kind says
    settlement: Literal["applicant", "retailer"] | None = None
    retailers: list[RetailerEntry] | None = None


class ProgrammeFile(_Strict):
    programmes: list[ProgrammeEntry]


class _FileShape(_Strict):
    programmes: list[dict]


# --- the rules block: checked against its formula's schema and the formula's own checks -----------------


def _json_number(value):
    """Rules are stored as JSON: whole numbers as integers, the rest (at most 2 decimals) as numbers
    that read back to the same decimal."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _json_number(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_number(v) for v in value]
    return value


def _rule_problems(data: dict, kind) -> tuple[dict | None, list[ProgrammeProblem]]:
    """The rules block checked against its formula: (the rules as stored, problems with paths under
    rules)."""
    problems: list[ProgrammeProblem] = []

    def add(path, message):
        problems.append(ProgrammeProblem(f"rules.{path}" if path else "rules", message))

    formula = rules.formula_of(data)
    if formula is None:
        add("formula", rules.unknown_formula(data.get("formula")))
        return None, problems
    # the application form's fields follow the kind, the amount follows the formula: they must match
    serving = [f.code for f in rules.FORMULAS if kind in f.kinds] if isinstance(kind, str) else []
    if serving and formula.code not in serving:
        label = Programme.Kind(kind).label
        add("formula", f"{label}项目应使用 {'、'.join(serving)} 公式，不能使用 {formula.code}")
    # YAML may write a key as a number (rates: {1: 20}): keys are names
    data = {
        k: {str(n): v for n, v in value.items()} if isinstance(value, dict) else value
        for k, value in data.items()
    }
    try:
        parsed = formula.Rules.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            add(error_path(e["loc"]), describe_error(e))
        return None, problems
    for key, what in formula.named.items():
        for name in getattr(parsed, key, None) or {}:
            if not name:
                add(key, f"{what}名称不能为空")
            elif len(name) > 40:
                add(f"{key}.{name}", f"{what}名称过长（最多 40 个字）")
    for path, message in formula.problems(parsed):
        add(path, message)
    stored = _json_number(parsed.model_dump(exclude_unset=True, exclude_none=True))
    if not problems:
        try:  # the schema should have caught everything the rule needs; this is the last word
            formula.from_data(stored)
        except (rules.RuleError, KeyError, TypeError, ValueError, ArithmeticError) as exc:
            add("", f"补贴规则有误：{exc}")
    return stored, problems


# --- one programme, and a file of them ------------------------------------------------------------------

_DATE = TypeAdapter(date)
_AMOUNT = TypeAdapter(Decimal)


def _parsed(adapter: TypeAdapter, value):
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def validate_entry(data, where: str = "") -> ProgrammeEntry:
    """One programme's data, checked in full: the schema, the rules against their formula, the
    department, the dates, and the budget against what is already committed. Raises ProgrammeInvalid
    with every problem, each path under `where` (a file's "programmes[0]"; nothing for a single edit)."""
    problems: list[ProgrammeProblem] = []

    def add(path: str, message: str):
        full = f"{where}.{path}" if where and path else (where or path)
        problems.append(ProgrammeProblem(full, message))

    entry, bad = None, set()
    try:
        entry = ProgrammeEntry.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            add(error_path(e["loc"]), describe_error(e))
            bad.add(e["loc"][0] if e["loc"] else "")
    if not isinstance(data, dict):
        raise ProgrammeInvalid(problems=problems)

    stored_rules = None
    if isinstance(data.get("rules"), dict):
        stored_rules, found = _rule_problems(data["rules"], data.get("kind"))
        for problem in found:
            add(problem.path, problem.message)

    department = data.get("department")
    if "department" not in bad and not Department.objects.filter(code=department).exists():
        add("department", f"部门代码 {department} 不存在")
    window = data.get("window") if isinstance(data.get("window"), dict) else {}
    start, end = _parsed(_DATE, window.get("start")), _parsed(_DATE, window.get("end"))
    open_until = _parsed(_DATE, data.get("open_until"))
    if start and end and end < start:
        add("window.end", f"交易截止日 {end} 早于开始日 {start}")
    if start and open_until and open_until < start:
        add("open_until", f"受理截止日 {open_until} 早于交易开始日 {start}")
    budget = _parsed(_AMOUNT, data.get("budget"))
    code = data.get("code")
    existing = Programme.objects.filter(code=code).first() if isinstance(code, str) else None
    if "budget" not in bad and budget is not None and existing is not None and budget < existing.committed:
        add(
            "budget",
            f"预算 {budget} 元低于已承诺（已批准）的 {existing.committed} 元，不能调减到已承诺金额以下",
        )
    if problems:
        raise ProgrammeInvalid(problems=problems)
    return entry.model_copy(update={"rules": stored_rules})


def validate(data) -> ProgrammeFile:
    try:
        shape = _FileShape.model_validate(data)
    except ValidationError as exc:
        raise ProgrammeInvalid(
            problems=[
                ProgrammeProblem(error_path(e["loc"]), describe_error(e))
                for e in exc.errors(include_url=False)
            ]
        ) from exc
    entries, problems, codes = [], [], {}
    for i, item in enumerate(shape.programmes):
        where = f"programmes[{i}]"
        code = item.get("code")
        if isinstance(code, str) and code in codes:
            problems.append(
                ProgrammeProblem(f"{where}.code", f"项目代码 {code} 与 programmes[{codes[code]}] 重复")
            )
        codes.setdefault(code, i)
        try:
            entries.append(validate_entry(item, where))
        except ProgrammeInvalid as exc:
            problems += exc.problems
    if problems:
        raise ProgrammeInvalid(problems=problems)
    return ProgrammeFile(programmes=entries)


def _snapshot(p: Programme) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department.code,
        "kind": p.kind,
        "applicant": p.applicant,
        "funding_source": p.funding_source,
        "year": p.year,
        "budget": f"{Decimal(p.budget):.2f}",  # as the database returns it, however it was written
        "window": [p.window_start.isoformat(), p.window_end.isoformat()],
        "open_until": p.open_until.isoformat(),
        "rules": p.rules,
        "indicator": p.indicator.code if p.indicator else None,
        "reference_prices": p.reference_prices,
        "settlement": p.settlement,
        "retailers": p.retailers,
    }


def _stored_prices(prices: dict | None) -> dict[str, str]:
    """型号指导价 as stored: exact decimals written as text."""
    return {model: f"{price:.2f}" for model, price in (prices or {}).items()}


@transaction.atomic
def load_programmes(parsed: ProgrammeFile, plan=None) -> list[Programme]:
    loaded = []
    for entry in parsed.programmes:
        existing = Programme.objects.filter(code=entry.code).first()
        before = _snapshot(existing) if existing else None
        indicator = plan.indicators.filter(code=entry.indicator).first() if plan and entry.indicator else None
        programme, created = Programme.objects.update_or_create(
            code=entry.code,
            defaults={
                "name": entry.name,
                "department": Department.objects.get(code=entry.department),
                "kind": entry.kind,
                "applicant": entry.applicant,
                "funding_source": entry.funding_source,
                "year": entry.year,
                "window_start": entry.window.start,
                "window_end": entry.window.end,
                "open_until": entry.open_until,
                "budget": entry.budget,
                "rules": entry.rules,
                "indicator": indicator,
                "reference_prices": _stored_prices(entry.reference_prices),
                "settlement": entry.settlement or SETTLEMENT_BY_KIND[entry.kind],
                "retailers": [r.model_dump() for r in entry.retailers or []],
            },
        )
        after = _snapshot(programme)
        if after != before:
            chain.record(
                "programme.create" if created else "programme.update",
                obj=programme,
                before=before,
                after=after,
            )
        loaded.append(programme)
    return loaded


@transaction.atomic
def load_file(path, plan=None) -> list[Programme]:
    try:
        data = read_file(path)
    except PlanFileInvalid as exc:  # the file missing, not UTF-8 or not YAML: read as a plan file is
        raise ProgrammeInvalid(problems=[ProgrammeProblem(p.path, p.message) for p in exc.problems]) from exc
    entries = data.get("programmes") if isinstance(data, dict) else None
    codes = [e.get("code") for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    # the programmes are locked before their budgets are checked against what is committed, so an
    # approval cannot commit more in between (it waits, then sees the new budget)
    list(Programme.objects.select_for_update().filter(code__in=[c for c in codes if isinstance(c, str)]))
    return load_programmes(validate(data), plan)


# --- editing one programme (the web form and the API) ---------------------------------------------------

EDITABLE = {
    "name": "名称",
    "funding_source": "资金来源",
    "window_start": "交易开始日",
    "window_end": "交易截止日",
    "open_until": "受理截止日",
    "budget": "预算（元）",
    "rules": "补贴规则",
    "reference_prices": "型号指导价（元）",
}
_IN_ENTRY = {"window_start": ("window", "start"), "window_end": ("window", "end")}
_FIELD_NAMES = {f.name: str(f.verbose_name) for f in Programme._meta.fields}


def _rule_label(parameter: str, formula: type[rules.Formula] | None) -> str:
    """A rules parameter's Chinese name: as the programme's formula names it, or as the formula it
    belongs to does (a parameter of another formula sent by mistake)."""
    if parameter == "formula":
        return "补贴公式"
    for owner in [formula, *rules.FORMULAS] if formula else rules.FORMULAS:
        if parameter in owner.labels:
            return owner.labels[parameter]
    return parameter


def field_label(path: str, formula: type[rules.Formula] | None = None) -> str:
    """The Chinese name of an edit's field: budget → 预算（元）, rules.caps.拖拉机 → 机具类型补贴上限（元）·拖拉机."""
    head, _, rest = path.partition(".")
    head = head.split("[")[0]
    if head != "rules":
        return EDITABLE.get(head) or _FIELD_NAMES.get(head, head)
    parameter, _, detail = rest.partition(".")
    name = _rule_label(parameter.split("[")[0], formula) if parameter else EDITABLE["rules"]
    return f"{name}·{detail}" if detail else name


def entry_data(p: Programme) -> dict:
    """The programme as one entry of a programme file."""
    return {
        "code": p.code,
        "name": p.name,
        "department": p.department.code,
        "kind": p.kind,
        "applicant": p.applicant,
        "funding_source": p.funding_source,
        "year": p.year,
        "window": {"start": p.window_start, "end": p.window_end},
        "open_until": p.open_until,
        "budget": p.budget,
        "indicator": p.indicator.code if p.indicator else None,
        "rules": dict(p.rules) if isinstance(p.rules, dict) else p.rules,
        "reference_prices": dict(p.reference_prices or {}),
        "settlement": p.settlement,
        "retailers": list(p.retailers or []),
    }


def _edit_path(path: str) -> str:
    """A file entry's path as the edit names it: window.end → window_end."""
    for field, (outer, inner) in _IN_ENTRY.items():
        prefix = f"{outer}.{inner}"
        if path == prefix or path.startswith(prefix + "."):
            return field + path[len(prefix) :]
    return "window_start" if path == "window" else path


def check(programme: Programme, changes: dict) -> ProgrammeEntry:
    """The programme as it would be after an edit, checked by validate_entry exactly as a file entry is.
    `changes` holds any of EDITABLE; `rules` is merged into the programme's rules parameter by
    parameter (a parameter set to None is removed). Raises ProgrammeInvalid with each problem's field
    as the edit names it (window_start, rules.cap_per_item, …) and its Chinese name."""
    editable = "、".join(EDITABLE.values())
    problems = [
        (key, f"{'不能修改' if key in _FIELD_NAMES else '未知的字段'}（可修改：{editable}）")
        for key in changes
        if key not in EDITABLE
    ]
    data = entry_data(programme)
    for key, value in changes.items():
        if key == "rules" and isinstance(value, dict) and isinstance(data["rules"], dict):
            for name, given in value.items():
                if given is None:
                    data["rules"].pop(name, None)
                else:
                    data["rules"][name] = given
        elif key in _IN_ENTRY:
            outer, inner = _IN_ENTRY[key]
            data[outer][inner] = value
        elif key in EDITABLE:
            data[key] = value
    entry = None
    try:
        entry = validate_entry(data)
    except ProgrammeInvalid as exc:
        problems += [(_edit_path(p.path), p.message) for p in exc.problems]
    if problems:
        formula = rules.formula_of(data["rules"]) or rules.formula_of(programme.rules)
        raise ProgrammeInvalid(
            "补贴项目未修改：内容有误",
            [ProgrammeProblem(path, message, label=field_label(path, formula)) for path, message in problems],
        )
    return entry


@transaction.atomic
def update(programme: Programme, changes: dict) -> tuple[Programme, bool]:
    """Edit a programme (the web form and the API): `check`, then save and audit with before and after.
    The row is locked first, so an approval committing budget at the same moment cannot slip under a
    lowered budget. Applications already submitted keep their amounts: new rules apply to applications
    submitted afterwards. Returns the programme and whether anything changed."""
    locked = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("department", "indicator")
        .get(pk=programme.pk)
    )
    entry = check(locked, changes)
    before = _snapshot(locked)
    locked.name = entry.name
    locked.funding_source = entry.funding_source
    locked.window_start = entry.window.start
    locked.window_end = entry.window.end
    locked.open_until = entry.open_until
    locked.budget = entry.budget
    locked.rules = entry.rules
    locked.reference_prices = _stored_prices(entry.reference_prices)
    after = _snapshot(locked)
    if after == before:
        return locked, False
    locked.save(
        update_fields=[
            "name",
            "funding_source",
            "window_start",
            "window_end",
            "open_until",
            "budget",
            "rules",
            "reference_prices",
        ]
    )
    chain.record("programme.update", obj=locked, before=before, after=after)
    return locked, True


# --- the rules in words ---------------------------------------------------------------------------------


def describe_rules(data: dict) -> list[tuple[str, str]]:
    """The programme's rules in Chinese, one (label, text) per parameter, for the pages and the API."""
    try:
        rule = rules.from_data(data)
    except (rules.RuleError, KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        return [("补贴规则", f"规则有误，请修改：{exc}")]
    return [("补贴方式", rule.words), *rule.describe()]


def describe_reference_prices(prices: dict) -> list[tuple[str, str]]:
    """The programme's 型号指导价 in words, for its page: one line, or none if it has none."""
    if not prices:
        return []
    return [
        (
            "型号指导价",
            "；".join(f"{model} {Decimal(price):,.2f} 元" for model, price in sorted(prices.items())),
        )
    ]
