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
from liangxin.plans.planfile import PlanFileInvalid, PlanProblem
from liangxin.subsidies import access
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import catalogue, rules

GRADES = ("1", "2", "3", "4", "5")

# (key, label, input, help); the key is the problem path the validation names
COMMON_FIELDS = [
    ("name", "名称", "text", ""),
    ("funding_source", "资金来源", "text", ""),
    ("window_start", "交易开始日", "date", "交易时间（发票日期）在交易期内的申请方可补贴"),
    ("window_end", "交易截止日", "date", "不得早于交易开始日"),
    ("open_until", "受理截止日", "date", "不得早于交易开始日；可晚于交易截止日，以便受理补报"),
    ("budget", "预算（元）", "number", "不得低于已承诺（已批准）的金额"),
]
RULE_FIELDS = {
    "share_by_grade": [
        *[(f"rules.rates.{g}级", f"{g}级产品补贴比例（%）", "number", "") for g in GRADES],
        ("rules.cap_per_item", "每件补贴上限（元）", "number", ""),
        ("rules.categories", "补贴品类", "list", "每行一个品类，也可用顿号分隔"),
        ("rules.per_person_per_category", "每人每个品类限购件数", "number", "留空按 1 件"),
        (
            "rules.per_person_overrides",
            "个别品类限购件数",
            "pairs",
            "每行一项，如“空调：3”；留空表示没有例外",
        ),
        ("rules.price_ceiling", "成交价格上限（元）", "number", "超过的申请标记待核查；留空表示不设上限"),
    ],
    "fixed_by_type": [
        ("rules.amounts", "车辆类型与补贴定额（元）", "pairs", "每行一项，如“新能源乘用车：20000”"),
    ],
    "share_with_cap": [
        ("rules.rate", "补贴比例（占设备购置金额的 %）", "number", ""),
        ("rules.cap_per_applicant", "单个企业补贴上限（元）", "number", ""),
    ],
    "capped_by_type": [
        ("rules.rate", "补贴比例（占原购置补贴额的 %）", "number", ""),
        ("rules.caps", "机具类型与补贴上限（元）", "pairs", "每行一项，如“拖拉机：20000”"),
    ],
}
RATES = "rules.rates"  # problems about the rates as a whole (none given) are shown with the rates
_SEPARATOR = re.compile(r"[：:=]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return plain(Decimal(str(value)))
    return str(value)


def _initial(programme: Programme) -> dict[str, str]:
    """The form's values for the programme as stored."""
    data = programme.rules
    values = {
        "name": programme.name,
        "funding_source": programme.funding_source,
        "window_start": programme.window_start.isoformat(),
        "window_end": programme.window_end.isoformat(),
        "open_until": programme.open_until.isoformat(),
        "budget": plain(programme.budget),
    }
    for name, value in data.items():
        if name == "rates":
            for grade_word, rate in value.items():
                try:
                    values[f"rules.rates.{rules.grade(grade_word)}级"] = _text(rate)
                except rules.RuleError:
                    continue
        elif name == "categories":
            values["rules.categories"] = "\n".join(value)
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


def _changes(formula: str, post) -> tuple[dict, dict[str, list[str]], dict[str, str]]:
    """The changes the form asks for (as the API would send them), the problems only the form can see
    (a name listed twice), and the values as typed."""
    keys = [key for key, *_ in COMMON_FIELDS + RULE_FIELDS.get(formula, [])]
    typed = {key: post.get(key, "").strip() for key in keys}
    changes: dict = {key: typed[key] for key, *_ in COMMON_FIELDS}
    rule: dict = {}
    own: dict[str, list[str]] = {}
    for key, _label, kind, _help in RULE_FIELDS.get(formula, []):
        name, value = key.split(".")[1], typed[key]
        if name == "rates":
            grade_word = key.split(".")[2]
            rule.setdefault("rates", {})
            if value:
                rule["rates"][grade_word] = value
        elif kind == "list":
            rule[name] = _items(value)
        elif kind == "pairs":
            rule[name], twice = _pairs(value)
            if twice:
                own[key] = twice
            if not value and name == "per_person_overrides":
                rule[name] = None
        else:
            rule[name] = value or None  # an optional parameter left empty is removed
    changes["rules"] = rule
    return changes, own, typed


def _place(problems: list[PlanProblem], keys: list[str]) -> dict[str, list[str]]:
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
            "rule_lines": catalogue.describe_rules(programme.rules),
            "can_edit": access.may_edit_programme(request.user, programme),
        },
    )


@login_required
def programme_edit(request, code):
    programme = access.programme_or_404(request.user, code)
    access.require_programme_edit(request.user, programme)
    formula = programme.rules.get("formula", "") if isinstance(programme.rules, dict) else ""
    fields = COMMON_FIELDS + RULE_FIELDS.get(formula, [])
    keys = [key for key, *_ in fields] + [RATES]
    values, placed = _initial(programme), {}
    if request.method == "POST":
        changes, own, values = _changes(formula, request.POST)
        try:
            if own:  # the form's own problems: still run the validation to show everything at once
                catalogue.check(programme, changes)
                raise PlanFileInvalid([])
            _, changed = catalogue.update(programme, changes)
        except PlanFileInvalid as exc:
            placed = _place(exc.problems, keys)
            for key, found in own.items():
                placed.setdefault(key, []).extend(found)
        else:
            if changed:
                messages.success(request, "补贴项目已修改，修改前后的内容已记入审计日志。")
            else:
                messages.info(request, "内容没有变化，未作修改。")
            return redirect("subsidies:programme", code=programme.code)
    return render(
        request,
        "subsidies/programme_edit.html",
        {
            "programme": programme,
            "common": [_field(f, values, placed) for f in COMMON_FIELDS],
            "rule_fields": [_field(f, values, placed) for f in RULE_FIELDS.get(formula, [])],
            "rates_problems": placed.get(RATES, []),
            "other_problems": placed.get("", []),
            "refused": bool(placed),
        },
        status=422 if placed else 200,
    )


def _field(field, values: dict, placed: dict) -> dict:
    key, label, kind, help_text = field
    return {
        "key": key,
        "id": "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", key).strip("-"),
        "label": label,
        "kind": kind,
        "help": help_text,
        "value": values.get(key, ""),
        "problems": placed.get(key, []),
    }
