"""Programme pages: the list with the budget's execution, one programme with its rules in words, and the
edit form of the programme's department's approver. The form is a view of `catalogue.update`: its
values become the same changes the API sends, checked by the same validation as a programme file; a
refused form comes back with everything typed and every problem beside its field (422)."""

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from liangxin.core.display import plain
from liangxin.subsidies import access
from liangxin.subsidies.models import Programme
from liangxin.subsidies.payouts import settlement
from liangxin.subsidies.programmes import catalogue, rules
from liangxin.subsidies.programmes.errors import ProgrammeInvalid, ProgrammeProblem
from liangxin.subsidies.programmes.rules import FormField

# the key is the problem path the validation names; the rules' fields are their formula's
COMMON_FIELDS = [
    FormField("name", "名称", "text"),
    FormField("funding_source", "资金来源", "text"),
    FormField("window_start", "交易开始日", "date", "交易时间（发票日期）在交易期内的申请方可补贴"),
    FormField("window_end", "交易截止日", "date", "不得早于交易开始日"),
    FormField("open_until", "受理截止日", "date", "不得早于交易开始日；可晚于交易截止日，以便受理补报"),
    FormField("budget", "预算（元）", "number", "不得低于已承诺（已批准）的金额"),
    FormField(
        "reference_prices",
        "型号指导价（元）",
        "pairs",
        "每行一个型号：“型号：价格”。某型号已受理的销售太少、算不出常见价格时，按指导价判断价格是否异常",
        optional=True,
    ),
]
_SEPARATOR = re.compile(r"[：:=]")


def _rule_fields(formula: type[rules.Formula] | None) -> list[FormField]:
    """The formula's fields as typed in: a mapping edited by entry becomes a number field per entry."""
    found = []
    for f in formula.form if formula else ():
        if f.entries:
            found += [FormField(f"{f.key}.{entry}", label) for entry, label in f.entries]
        else:
            found.append(f)
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return plain(Decimal(str(value)))
    return str(value)


def _initial(programme: Programme, formula: type[rules.Formula] | None) -> dict[str, str]:
    """The form's values for the programme as stored."""
    values = {
        "name": programme.name,
        "funding_source": programme.funding_source,
        "window_start": programme.window_start.isoformat(),
        "window_end": programme.window_end.isoformat(),
        "open_until": programme.open_until.isoformat(),
        "budget": plain(programme.budget),
        "reference_prices": "\n".join(
            f"{model}：{plain(Decimal(price))}"
            for model, price in sorted((programme.reference_prices or {}).items())
        ),
    }
    by_entry = {f.key.split(".")[1] for f in formula.form if f.entries} if formula else set()
    for name, value in programme.rules.items():
        if name in by_entry and isinstance(value, dict):
            for written, entry_value in value.items():
                try:
                    values[f"rules.{name}.{formula.entry_name(name, written)}"] = _text(entry_value)
                except rules.RuleError:
                    continue
        elif isinstance(value, list):
            values[f"rules.{name}"] = "\n".join(_text(v) for v in value)
        elif isinstance(value, dict):
            values[f"rules.{name}"] = "\n".join(f"{k}：{_text(v)}" for k, v in value.items())
        elif name != "formula":
            values[f"rules.{name}"] = _text(value)
    return values


def _pairs(text: str) -> tuple[dict[str, str], list[str]]:
    """“名称：金额” per line; a line without a separator keeps an empty amount, which the validation
    names."""
    found: dict[str, str] = {}
    problems = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, value = _SEPARATOR.sub("：", line, count=1).partition("：")
        name = name.strip()
        if name in found:
            problems.append(f"“{name}”重复列出")
        found[name] = value.strip()
    return found, problems


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[\n、，,；;]", text) if item.strip()]


def _changes(formula: type[rules.Formula] | None, post) -> tuple[dict, dict[str, list[str]], dict[str, str]]:
    """The changes the form asks for (as the API would send them), the problems only the form can see
    (a name listed twice), and the values as typed."""
    keys = [f.key for f in COMMON_FIELDS + _rule_fields(formula)]
    typed = {key: post.get(key, "").strip() for key in keys}
    changes: dict = {f.key: typed[f.key] for f in COMMON_FIELDS if f.kind != "pairs"}
    own: dict[str, list[str]] = {}
    changes["reference_prices"], twice = _pairs(typed["reference_prices"])
    if twice:
        own["reference_prices"] = twice
    rule: dict = {}
    for f in formula.form if formula else ():
        name = f.key.split(".")[1]
        if f.entries:  # an entry left empty is left out
            given = {entry: typed[f"{f.key}.{entry}"] for entry, _ in f.entries}
            rule[name] = {entry: value for entry, value in given.items() if value}
            continue
        value = typed[f.key]
        if f.kind == "list":
            rule[name] = _items(value)
        elif f.kind == "pairs":
            rule[name], twice = _pairs(value)
            if twice:
                own[f.key] = twice
            if not value and f.optional:
                rule[name] = None
        else:
            rule[name] = value or None  # an optional parameter left empty is removed
    changes["rules"] = rule
    return changes, own, typed


def _place(problems: list[ProgrammeProblem], keys: list[str]) -> dict[str, list[str]]:
    """Each problem beside its field: the field whose key its path starts with ("" for the rest)."""
    placed: dict[str, list[str]] = {}
    for problem in problems:
        path = problem.path
        owner = max(
            (k for k in keys if path == k or path.startswith((f"{k}.", f"{k}["))),
            key=len,
            default="",
        )
        rest = path[len(owner) :].lstrip(".")
        if not owner:
            message = f"{path}：{problem.message}" if path else problem.message
        elif rest.startswith("[") and rest[1:-1].isdigit():
            message = f"第 {int(rest[1:-1]) + 1} 项：{problem.message}"
        elif rest:
            message = f"{rest}：{problem.message}"
        else:
            message = problem.message
        placed.setdefault(owner, []).append(message)
    return placed


@login_required
def programme_list(request):
    user = request.user
    found = access.programmes_for(user).select_related("department")
    rows = [
        {"p": p, "remaining": p.budget - p.committed, "can_edit": access.may_edit_programme(user, p)}
        for p in found
    ]
    return render(request, "subsidies/programmes.html", {"rows": rows})


@login_required
def programme_detail(request, code):
    programme = access.programme_or_404(request.user, code)
    return render(
        request,
        "subsidies/programme.html",
        {
            "programme": programme,
            "remaining": programme.budget - programme.committed,
            "rule_lines": catalogue.describe_rules(programme.rules)
            + catalogue.describe_reference_prices(programme.reference_prices),
            "can_edit": access.may_edit_programme(request.user, programme),
            "settlement": settlement.SETTLEMENTS[programme.settlement],
            "retailers": sorted(settlement.retailer_accounts(programme)),
        },
    )


@login_required
def programme_edit(request, code):
    programme = access.programme_or_404(request.user, code)
    access.require_programme_edit(request.user, programme)
    formula = rules.formula_of(programme.rules)
    rule_fields = _rule_fields(formula)
    # a mapping edited by entry (rates by grade): problems about it as a whole are shown above its entries
    groups = [f for f in formula.form if f.entries] if formula else []
    keys = [f.key for f in COMMON_FIELDS + rule_fields + groups]
    values, placed = _initial(programme, formula), {}
    if request.method == "POST":
        changes, own, values = _changes(formula, request.POST)
        problems = []
        try:
            if own:  # the form's own problems: still run the validation to show everything at once
                catalogue.check(programme, changes)
            else:
                _, changed = catalogue.update(programme, changes)
        except ProgrammeInvalid as exc:
            problems = exc.problems
        if not problems and not own:
            if changed:
                messages.success(request, "补贴项目已修改，修改前后的内容已记入审计日志。")
            else:
                messages.info(request, "内容没有变化，未作修改。")
            return redirect("subsidies:programme", code=programme.code)
        placed = _place(problems, keys)
        for key, found in own.items():
            placed.setdefault(key, []).extend(found)
    return render(
        request,
        "subsidies/programme_edit.html",
        {
            "programme": programme,
            "common": [_field(f, values, placed) for f in COMMON_FIELDS],
            "rule_fields": [_field(f, values, placed) for f in rule_fields],
            "rule_groups": [_field(f, values, placed) for f in groups],
            "other_problems": placed.get("", []),
            "refused": bool(placed),
        },
        status=422 if placed else 200,
    )


def _field(field: FormField, values: dict, placed: dict) -> dict:
    return {
        "key": field.key,
        "id": "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", field.key).strip("-"),
        "label": field.label,
        "kind": field.kind,
        "help": field.help,
        "value": values.get(field.key, ""),
        "problems": placed.get(field.key, []),
    }
