"""The plan file format (docs/plan-format.md): reading, the schema, and every check with its path."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import pairwise
from typing import Annotated, Literal, Union, get_args, get_origin

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from liangxin.core import jsonout
from liangxin.core.errors import Invalid
from liangxin.plans.sources import declaration_problems

Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
DeptCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=5000)]
ShortText = Annotated[str, Field(min_length=1, max_length=40)]
Year = Annotated[int, Field(ge=1949, le=2100)]
Number = Annotated[
    Decimal,
    Field(max_digits=18, decimal_places=4, allow_inf_nan=False),
    PlainSerializer(lambda v: _plain(v), when_used="unless-none"),
    WithJsonSchema({"type": "number"}),  # written as a JSON number, exactly (92.95), as the API answers it
]
Comparison = Literal[">=", ">", "<=", "<", "=", "≈"]


def _plain(value: Decimal | None):
    """Write 60 as 60 and 92.95 as 92.95, however many zeros the database padded it with."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _null_means_absent(cls, data):
        """An optional key given as YAML null (`note: null`) is read as if it were not there."""
        if not isinstance(data, dict):
            return data
        optional = {name for name, field in cls.model_fields.items() if not field.is_required()}
        return {key: value for key, value in data.items() if value is not None or key not in optional}


class Period(_Strict):
    start_year: Year
    end_year: Year


class DepartmentEntry(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    short_name: ShortText
    code: DeptCode
    kind: Literal["government", "bureau", "branch", "party", "institution", "street", "town", "zone"] = (
        "bureau"
    )
    parent: DeptCode | None = None


class Baseline(_Strict):
    year: Year
    value: Number | None = None


class TargetEntry(_Strict):
    year: Year
    value: Number | None
    note: Annotated[str, Field(max_length=300)] = ""


class IndicatorEntry(_Strict):
    code: Code
    name: Text
    unit: Annotated[str, Field(max_length=20)]
    # a growth indicator's target is a percent, the figure its department reports is not: its unit
    value_unit: Annotated[str, Field(max_length=20)] = ""
    kind: Literal["count", "amount", "percent", "growth", "milestone", "relative"]
    accumulation: Literal["annual", "cumulative", "level"]
    comparison: Comparison
    tolerance: Number | None = None
    baseline: Baseline | None = None
    reporting_department: str | None = None
    targets: Annotated[list[TargetEntry], Field(min_length=1)]
    source: LongText
    # a computed indicator: {source: <a registered Source code>, <its params>} (plans/sources.py)
    source_of_value: dict[Code, Annotated[str, Field(min_length=1, max_length=60)]] | None = None


class TaskEntry(_Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text
    text: LongText
    lead_departments: list[Text]
    lead_others: list[Text] = []
    responsibility: Literal["sole", "shared"]
    indicators: list[IndicatorEntry] = []


SAFEGUARDS_WORD = "保障措施"


class SectionEntry(_Strict):
    number: Annotated[int, Field(ge=1)]
    kind: Literal["key_tasks", "safeguards"]
    title: Text
    tasks: list[TaskEntry]

    @model_validator(mode="before")
    @classmethod
    def _kind_from_title(cls, data):
        """A section that does not give its kind is `safeguards` if its title says 保障措施, else
        `key_tasks`. Export always writes the kind, so a file read this way re-exports unchanged."""
        if not isinstance(data, dict) or data.get("kind") is not None:
            return data
        title = data.get("title")
        kind = "safeguards" if isinstance(title, str) and SAFEGUARDS_WORD in title else "key_tasks"
        return {**data, "kind": kind}


class PolicyEntry(_Strict):
    group: Annotated[str, Field(min_length=1, max_length=60)]
    number: Annotated[int, Field(ge=1)]
    name: Text
    lead_departments: Annotated[list[Text], Field(min_length=1)]


class PlanFile(_Strict):
    code: Code
    title: Text
    document_number: Annotated[str, Field(min_length=1, max_length=60)]
    issuer: Annotated[str, Field(min_length=1, max_length=100)]
    issued_on: date
    baseline_year: Year
    period: Period
    basis: Annotated[str, Field(max_length=300)] = ""
    departments: Annotated[list[DepartmentEntry], Field(min_length=1)]
    goals: list[IndicatorEntry]
    sections: Annotated[list[SectionEntry], Field(min_length=1)]
    policies: list[PolicyEntry] = []

    def canonical(self) -> dict:
        """The form that export writes and that load → export → load compares."""
        return self.model_dump(mode="python", exclude_defaults=True)

    def all_indicators(self):
        """(path, indicator, task) for the goals and every task's indicators, in file order (skipping the
        broken ones of a plan salvaged from a file with schema errors)."""
        for i, ind in _present(self.goals):
            yield f"goals[{i}]", ind, None
        for s, section in _present(self.sections):
            for t, task in _present(section.tasks):
                for i, ind in _present(task.indicators):
                    yield f"sections[{s}].tasks[{t}].indicators[{i}]", ind, task


@dataclass(frozen=True)
class PlanProblem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict:
        return {"field": self.path, "message": self.message}


class PlanFileInvalid(Invalid):
    summary = "方案文件有误"
    conflicts = 0  # how many of the problems are conflicts with the database (loader.check_file)

    def __init__(self, problems: list[PlanProblem], salvaged: "PlanFile | None" = None):
        super().__init__("\n".join(str(p) for p in problems), problems)
        # what of a file failing the schema was valid, for the checks against the database (see _Salvage)
        self.salvaged = salvaged


# --- reading -------------------------------------------------------------------------------------------


class _DecimalLoader(yaml.SafeLoader):
    """YAML with exact decimals: 92.95 is read as Decimal('92.95'), never as a float."""


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def parse_text(text: str, fmt: str) -> object:
    """Parse YAML or JSON text; a syntax error becomes a PlanFileInvalid with its line and column."""
    if fmt == "json":
        try:
            return json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise PlanFileInvalid(
                [PlanProblem("", f"JSON 语法错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}")]
            ) from exc
    try:
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列，" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise PlanFileInvalid([PlanProblem("", f"YAML 语法错误：{where}{reason}")]) from exc


def read_file(path) -> object:
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PlanFileInvalid([PlanProblem("", f"文件不存在：{path}")]) from exc
    except UnicodeDecodeError as exc:
        raise PlanFileInvalid([PlanProblem("", f"文件不是 UTF-8 编码：{path}")]) from exc
    return parse_text(text, "json" if path.suffix.lower() == ".json" else "yaml")


def dump(data: dict, fmt: str) -> str:
    if fmt == "json":
        return jsonout.dumps(data, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# --- validation ----------------------------------------------------------------------------------------


def error_path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and not part.startswith(("function-", "literal[")):
            out += f".{part}" if out else part
    return out


def describe_error(error: dict) -> str:
    """A pydantic error in Chinese (used for plan files and API bodies alike)."""
    kind, ctx = error["type"], error.get("ctx", {})
    messages = {
        "missing": "缺少必填项",
        "extra_forbidden": "未知的键（是否拼写有误？）",
        "string_type": "应为文本",
        "string_too_short": "不能为空",
        "string_too_long": "文本过长（最多 {max_length} 个字）",
        "string_pattern_mismatch": "格式不符：只能使用字母、数字和 - _ .，且以字母或数字开头",
        "int_type": "应为整数",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "decimal_type": "应为数值",
        "decimal_parsing": "应为数值",
        "finite_number": "应为有限的数值",
        "decimal_max_digits": "数值位数过多（最多 18 位）",
        "decimal_max_places": "小数位数过多（最多 4 位）",
        "date_type": "应为日期（YYYY-MM-DD）",
        "date_parsing": "应为日期（YYYY-MM-DD）",
        "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
        "date_from_datetime_inexact": "应为日期（YYYY-MM-DD），不含时间",
        "list_type": "应为列表",
        "dict_type": "应为键值结构",
        "model_type": "应为键值结构",
        "model_attributes_type": "应为键值结构",
        "too_short": "至少需要一项",
        "bool_type": "应为布尔值",
    }
    if kind == "literal_error":
        return f"取值应为 {ctx.get('expected', '')} 之一"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        return f"应{'不小于' if kind == 'greater_than_equal' else '不大于'} {bound}"
    if kind in {"greater_than", "less_than"}:
        bound = ctx.get("gt", ctx.get("lt"))
        return f"应{'大于' if kind == 'greater_than' else '小于'} {bound}"
    if kind == "string_too_long":
        return f"文本过长（最多 {ctx.get('max_length')} 个字）"
    if kind == "decimal_max_digits":
        return f"数值位数过多（最多 {ctx.get('max_digits', 18)} 位）"
    if kind == "decimal_max_places":
        return f"小数位数过多（最多 {ctx.get('decimal_places', 4)} 位）"
    if kind == "decimal_whole_digits":
        return f"整数部分位数过多（最多 {ctx.get('whole_digits')} 位）"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # a check of ours (core.bounds), already in Chinese
    return messages.get(kind, f"取值无效（{error.get('msg', kind)}）")


def _schema_problems(exc: ValidationError) -> list[PlanProblem]:
    return [PlanProblem(error_path(e["loc"]), describe_error(e)) for e in exc.errors(include_url=False)]


class _Salvage:
    """As much of a file that fails the schema as is valid, so that the checks needing only the valid
    parts still run: a broken field or list item is None, and `broken` holds (id(object), field) for
    each field that is invalid or missing, so a check can tell it from a field given as null."""

    def __init__(self):
        self.broken: set[tuple[int, str]] = set()

    def model(self, cls: type[BaseModel], data):
        if not isinstance(data, dict):
            return None
        values, bad = {}, []
        for name, field in cls.model_fields.items():
            value = data.get(name)
            if value is None and not field.is_required():
                continue  # absent or null: the default
            values[name] = self.value(cls, name, value)
            if values[name] is None and (value is not None or name not in data):
                bad.append(name)  # invalid, or required and missing
        instance = cls.model_construct(**values)
        self.broken.update((id(instance), name) for name in bad)
        return instance

    def value(self, cls, name, value):
        annotation = cls.model_fields[name].annotation
        nested = _model_in(annotation)
        if nested is not None:
            return self.model(nested, value)
        if get_origin(annotation) is list and _model_in(get_args(annotation)[0]) is not None:
            item = get_args(annotation)[0]
            return [self.model(item, v) for v in value] if isinstance(value, list) else None
        try:
            return _field_adapter(cls, name).validate_python(value)
        except ValidationError:
            return None


def _model_in(annotation) -> type[BaseModel] | None:
    """The model of `Model` or `Model | None`, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, type(int | None)):
        models = [a for a in get_args(annotation) if _model_in(a) is not None]
        return models[0] if len(models) == 1 else None
    return None


@cache
def _field_adapter(cls: type[BaseModel], name: str) -> TypeAdapter:
    field = cls.model_fields[name]
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))


def _duplicates(items, key):
    """(index, value, first index) for each repeat; items or values that are None (broken) are skipped."""
    seen = {}
    for index, item in enumerate(items or []):
        value = None if item is None else key(item)
        if value is None or (isinstance(value, tuple) and None in value):
            continue
        if value in seen:
            yield index, value, seen[value]
        else:
            seen[value] = index


def _present(items):
    return [(i, item) for i, item in enumerate(items or []) if item is not None]


def _reference_problems(plan: PlanFile, broken=frozenset()) -> list[PlanProblem]:
    """The checks across the file. `plan` may be salvaged from a file with schema errors (see _Salvage):
    a check whose inputs are broken is skipped, so it reports nothing that the schema errors explain."""
    problems: list[PlanProblem] = []
    add = lambda path, msg: problems.append(PlanProblem(path, msg))  # noqa: E731
    start, end = (plan.period.start_year, plan.period.end_year) if plan.period else (None, None)
    if start is not None and end is not None and start > end:
        add("period.end_year", f"截止年 {end} 早于起始年 {start}")
    if start is not None and plan.baseline_year is not None and plan.baseline_year > start:
        add("baseline_year", f"基准年 {plan.baseline_year} 晚于方案起始年 {start}")
    if start is None or end is None or start > end:
        start = end = None

    departments = plan.departments if plan.departments is not None else [None]
    codes = {d.code for _, d in _present(departments)}
    names = {d.name for _, d in _present(departments)}
    codes_known = None not in codes and all(d is not None for d in departments)
    names_known = None not in names and all(d is not None for d in departments)
    for i, value, first in _duplicates(departments, lambda d: d.code):
        add(f"departments[{i}].code", f"部门代码 {value} 与 departments[{first}] 重复")
    for i, value, first in _duplicates(departments, lambda d: d.name):
        add(f"departments[{i}].name", f"部门全称 {value} 与 departments[{first}] 重复")
    for i, dept in _present(departments):
        if codes_known and dept.parent is not None and (dept.parent not in codes or dept.parent == dept.code):
            add(f"departments[{i}].parent", f"上级部门代码 {dept.parent} 不在 departments 中")

    def check_leads(path, leads):
        for k, name in enumerate(leads or []):
            if names_known and name not in names:
                add(f"{path}[{k}]", f"部门“{name}”不在 departments 中（须写全称）")
        for k, value, _first in _duplicates(leads, lambda n: n):
            add(f"{path}[{k}]", f"部门“{value}”重复列出")

    sections = _present(plan.sections)
    for s, value, first in _duplicates(plan.sections, lambda x: x.number):
        add(f"sections[{s}].number", f"篇章序号 {value} 与 sections[{first}] 重复")
    for (_, before), (s, section) in pairwise(sections):
        if None not in (before.number, section.number) and section.number < before.number:
            add(f"sections[{s}].number", "篇章应按序号从小到大排列")
    task_paths = [
        (f"sections[{s}].tasks[{t}]", task) for s, section in sections for t, task in _present(section.tasks)
    ]
    for i, value, first in _duplicates(task_paths, lambda p: p[1].number):
        add(f"{task_paths[i][0]}.number", f"任务序号 {value} 与 {task_paths[first][0]} 重复")
    for path, task in task_paths:
        if task.lead_departments == [] and task.lead_others == []:
            add(f"{path}.lead_departments", "任务须至少有一个责任单位")
        check_leads(f"{path}.lead_departments", task.lead_departments)

    indicators = list(plan.all_indicators())
    for i, value, first in _duplicates(indicators, lambda x: x[1].code):
        add(f"{indicators[i][0]}.code", f"指标代码 {value} 与 {indicators[first][0]} 重复")
    for path, ind, _task in indicators:
        known = names if names_known else None
        problems.extend(_indicator_problems(path, ind, known, start, end, broken))

    for p, value, first in _duplicates(plan.policies, lambda x: (x.group, x.number)):
        add(f"policies[{p}].number", f"“{value[0]}”中的序号 {value[1]} 与 policies[{first}] 重复")
    for p, policy in _present(plan.policies):
        check_leads(f"policies[{p}].lead_departments", policy.lead_departments)
    return problems


COMPUTABLE_KINDS = ("count", "amount", "growth")


def _indicator_problems(path, ind: IndicatorEntry, names, start, end, broken) -> list[PlanProblem]:
    """The checks of one indicator; `names` None when the departments are broken, `start`/`end` None
    when the period is."""
    problems = []
    add = lambda p, msg: problems.append(PlanProblem(p, msg))  # noqa: E731
    intact = lambda obj, *fields: not any((id(obj), f) in broken for f in fields)  # noqa: E731
    if names is not None and ind.reporting_department is not None and ind.reporting_department not in names:
        add(f"{path}.reporting_department", f"部门“{ind.reporting_department}”不在 departments 中")
    if ind.value_unit and ind.kind not in (None, "growth"):
        add(
            f"{path}.value_unit",
            "只有增长率指标（kind: growth）需要 value_unit：其余指标填报的数与目标同单位（unit）",
        )
    if ind.kind == "growth" and ind.baseline is None and intact(ind, "baseline"):
        add(f"{path}.baseline", "增长率指标须写明基准年（baseline.year）")
    if ind.source_of_value is not None:
        for key, message in declaration_problems(ind.source_of_value):
            add(f"{path}.source_of_value.{key}", message)
        if ind.kind not in (None, *COMPUTABLE_KINDS):
            add(
                f"{path}.source_of_value",
                "只有数量、金额和增长率指标（kind: count、amount、growth）可以由记录计算",
            )
    if ind.comparison not in (None, "≈") and ind.tolerance is not None:
        add(f"{path}.tolerance", "只有“≈”（左右）指标可以设容差")
    if ind.tolerance is not None and not (0 <= ind.tolerance <= 100):
        add(f"{path}.tolerance", "容差应在 0 到 100 之间")
    targets = ind.targets or []
    for t, value, first in _duplicates(targets, lambda x: x.year):
        add(f"{path}.targets[{t}].year", f"{value} 年的目标与 targets[{first}] 重复")
    for t, target in _present(targets):
        where = f"{path}.targets[{t}]"
        before = targets[t - 1] if t else None
        if before is not None and None not in (before.year, target.year) and target.year < before.year:
            add(f"{where}.year", "目标应按年份从早到晚排列")
        if start is not None and target.year is not None and not (start <= target.year <= end):
            add(f"{where}.year", f"年份 {target.year} 不在方案期限 {start}–{end} 年内")
        if target.value is None and not target.note and intact(target, "value", "note"):
            add(f"{where}.note", "定性目标（value 为空）须在 note 中写明原文表述")
        if target.value is not None and ind.kind in {"milestone", "relative"}:
            add(f"{where}.value", "里程碑和相对比较指标的目标值应为空，表述写在 note 中")
        if target.value is not None and target.value < 0 and ind.kind not in (None, "growth"):
            add(f"{where}.value", "目标值不能为负数")
        if target.value is not None and ind.kind == "percent" and target.value > 100:
            add(f"{where}.value", f"比率 {target.value}% 超过 100%")
    return problems


def validate(data: object) -> PlanFile:
    """Return the plan, or raise PlanFileInvalid listing every problem with its path."""
    if not isinstance(data, dict):
        raise PlanFileInvalid([PlanProblem("", "方案文件的顶层应为键值结构")])
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        salvage = _Salvage()
        partial = salvage.model(PlanFile, data)
        problems = _schema_problems(exc) + _reference_problems(partial, salvage.broken)
        raise PlanFileInvalid(problems, salvaged=partial) from exc
    problems = _reference_problems(plan)
    if problems:
        raise PlanFileInvalid(problems, salvaged=plan)
    return plan


def validate_file(path) -> PlanFile:
    return validate(read_file(path))
