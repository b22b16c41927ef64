"""Computed indicators (issue 12 §4): an indicator whose plan file declares `source_of_value` takes its
figure from records (projects started, honours in force, events held, subsidy applications approved)
instead of a department's report. The app that owns the records registers its Source here from its
AppConfig.ready(); the plan loader checks a declaration against the registry, monitoring turns the figure
into one observation per reporting period and reporting shows it read-only."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from liangxin.core.codes import Registry
from liangxin.plans.models import RecordsVersion


@dataclass(frozen=True)
class Window:
    """The days a computed figure counts: a reporting period's end and where counting starts."""

    start: date | None  # annual: 1 Jan of end.year; cumulative: 1 Jan of the plan's start_year; level: None
    end: date  # inclusive: a reporting period's last day


@dataclass(frozen=True)
class Param:
    name: str  # key in the plan file, ASCII
    label: str  # Chinese
    required: bool = True
    choices: Callable[[], dict[str, str]] | None = None  # code → label; the plan loader checks the value


@dataclass(frozen=True)
class RecordRef:
    label: str  # e.g. the project's name · 开工 2025-03-02
    url: str  # the record's page


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    params: tuple[Param, ...]
    value: Callable[[dict, Window], Decimal]
    records: Callable[[dict, Window, int], list[RecordRef]]
    records_url: Callable[[dict, Window], str]
    models: tuple[str, ...] = ()  # "app_label.Model": saving or deleting one changes the figure
    baseline: Callable[[dict, int], Decimal | None] | None = None  # growth kind: the baseline year's total


SOURCES: Registry[Source] = Registry("指标数据来源")


def register(source: Source) -> None:
    SOURCES.add(source)


SOURCE_KEY = "source"


def declared(indicator) -> tuple[Source, dict] | None:
    """The indicator's source and its params (the plan file's mapping without `source`), or None for an
    indicator that departments report (or whose source is no longer registered)."""
    declaration = indicator.source_of_value
    if not declaration:
        return None
    source = SOURCES.get(declaration.get(SOURCE_KEY, ""))
    if source is None:
        return None
    return source, {k: v for k, v in declaration.items() if k != SOURCE_KEY}


def is_computed(indicator) -> bool:
    return declared(indicator) is not None


def window_for(indicator, end: date) -> Window:
    """The window of the figure reported for a period ending on `end`: a growth indicator's is the
    year-to-date total its growth is computed from; otherwise as its accumulation says."""
    if indicator.kind == "growth" or indicator.accumulation == "annual":
        return Window(date(end.year, 1, 1), end)
    if indicator.accumulation == "cumulative":
        return Window(date(indicator.plan.start_year, 1, 1), end)
    return Window(None, end)


def computed(indicator, end: date) -> Decimal:
    source, params = declared(indicator)
    return source.value(params, window_for(indicator, end))


def records(indicator, end: date, limit: int = 20) -> list[RecordRef]:
    source, params = declared(indicator)
    return source.records(params, window_for(indicator, end), limit)


def records_url(indicator, end: date) -> str:
    source, params = declared(indicator)
    return source.records_url(params, window_for(indicator, end))


def baseline(indicator) -> Decimal | None:
    """The baseline year's total from the records, for a growth indicator whose plan gives no baseline
    value; None when the plan gives one, the source has none or the indicator has no baseline year."""
    found = declared(indicator)
    if found is None or indicator.baseline_value is not None or indicator.baseline_year is None:
        return None
    source, params = found
    return source.baseline(params, indicator.baseline_year) if source.baseline else None


def declaration_problems(declaration: dict) -> list[tuple[str, str]]:
    """(key, message in Chinese) for each fault of a `source_of_value` mapping: an unknown source, a
    missing or unknown param, a value not among a param's choices."""
    code = declaration.get(SOURCE_KEY)
    if not code:
        return [(SOURCE_KEY, "缺少必填项（数据来源代码）")]
    source = SOURCES.get(str(code))
    if source is None:
        known = "、".join(s.code for s in SOURCES) or "无"
        return [(SOURCE_KEY, f"没有登记数据来源 {code}（已登记：{known}）")]
    problems = []
    params = {p.name: p for p in source.params}
    for name, param in params.items():
        value = declaration.get(name)
        if value is None:
            if param.required:
                problems.append((name, f"缺少必填项：数据来源“{source.label}”须写明{param.label}"))
            continue
        choices = param.choices() if param.choices else None
        if choices is not None and str(value) not in choices:
            listed = "、".join(f"{c}（{label}）" for c, label in choices.items())
            problems.append((name, f"{param.label}“{value}”不在可选值中：{listed}"))
    for name in declaration:
        if name != SOURCE_KEY and name not in params:
            allowed = "、".join(params) or "无"
            problems.append((name, f"数据来源“{source.label}”没有参数 {name}（可用参数：{allowed}）"))
    return problems


def records_version() -> int:
    """Changes whenever a record some registered source counts is saved or deleted."""
    return RecordsVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def _bump(sender, **_kwargs) -> None:
    if sender._meta.label not in {name for source in SOURCES for name in source.models}:
        return
    if not RecordsVersion.objects.filter(pk=1).update(version=F("version") + 1):
        RecordsVersion.objects.get_or_create(pk=1, defaults={"version": 1})


# every model's saves, not only the sources' models: a source may be registered by an app whose ready()
# runs after plans'; the check above is a set lookup over a handful of sources
post_save.connect(_bump, dispatch_uid="plans.sources.records_version:save")
post_delete.connect(_bump, dispatch_uid="plans.sources.records_version:delete")
