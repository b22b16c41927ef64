"""The registry of target statuses: every status the engine can give is registered, once, with a Chinese
label, a severity, the colours the pages and charts draw it in, and the dashboard figure it counts in;
and the pages, charts, Excel and the 调度通报 use exactly those."""

import ast
import io
import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

import liangxin.monitoring
import liangxin.web
from liangxin.monitoring.bulletin.data import bulletin_data
from liangxin.monitoring.rollup import roll_up
from liangxin.monitoring.status_codes import GROUPS, STATUSES, group_counts
from liangxin.monitoring.targets import STAGES, TargetStatus
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period
from liangxin.reporting.stages import STAGES as REPORTED_STAGES

CHINESE = re.compile(r"[\u4e00-\u9fff]+")
CODE = re.compile(r"[a-z]+(?:_[a-z]+)*")
STATIC = Path(liangxin.web.__file__).parent / "static"
BOOTSTRAP = (STATIC / "vendor" / "bootstrap.min.css").read_text(encoding="utf-8")
DASHBOARD_JS = (STATIC / "liangxin" / "dashboard.js").read_text(encoding="utf-8")


def _is_status(node: ast.AST) -> bool:
    """A call of TargetStatus.of, the one way the engine's rules make a status."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "of"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "TargetStatus"
    )


def engine_codes() -> set[str]:
    """Every status code written in the engine's rules, read from their source: the codes they give
    TargetStatus.of and the codes their helpers return for it (a grade, a judgement). The milestone rule
    gives the stage a department reported (a stage reported done is achieved, the one 已完成), so the
    other stages are the engine's too."""
    codes = set(STAGES) - {"done"}
    for path in Path(liangxin.monitoring.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if _is_status(node):
                given = node.args[0]
            elif isinstance(node, ast.Return) and node.value is not None:
                given = node.value.elts[0] if isinstance(node.value, ast.Tuple) else node.value
            else:
                continue
            if (
                isinstance(given, ast.Constant)
                and isinstance(given.value, str)
                and CODE.fullmatch(given.value)
            ):
                codes.add(given.value)
    return codes


def test_every_status_the_engine_gives_is_registered_and_nothing_else():
    registered = {status.code for status in STATUSES}
    assert engine_codes() == registered


@pytest.mark.parametrize("status", list(STATUSES), ids=lambda s: s.code)
def test_every_status_has_a_chinese_label_that_the_engine_gives(status):
    assert CHINESE.fullmatch(status.label)
    assert TargetStatus.of(status.code, "原因").label == status.label


def test_milestone_statuses_are_the_reported_stages_under_the_same_labels():
    for stage in REPORTED_STAGES:
        code = "achieved" if stage.code == "done" else stage.code
        assert STATUSES[code].label == stage.label


def test_severity_orders_the_statuses_and_decides_the_worst_of_a_roll_up():
    severities = [status.severity for status in STATUSES]
    assert severities == sorted(set(severities))  # each its own rank, registered best to worst
    one_of_each = [TargetStatus.of(status.code, "原因") for status in STATUSES]
    assert list(roll_up(one_of_each)["counts"]) == [status.code for status in STATUSES]
    for better, worse in combinations(STATUSES, 2):
        pair = [TargetStatus.of(worse.code, "原因"), TargetStatus.of(better.code, "原因")]
        assert roll_up(pair)["worst"] == worse.code


def test_every_status_has_its_own_label_and_its_own_colour():
    # issue 11 D.5: two 已完成 in one chart; 推进中 and 正常推进 in one colour
    labels = [status.label for status in STATUSES]
    colours = [status.colour.lower() for status in STATUSES]
    assert len(set(labels)) == len(labels), labels
    assert len(set(colours)) == len(colours), colours


@pytest.mark.parametrize("status", list(STATUSES), ids=lambda s: s.code)
def test_badges_show_the_registered_label_in_the_registered_colour(status):
    assert re.fullmatch(r"#[0-9a-f]{6}", status.ink)
    badge = render_to_string(
        "monitoring/_status_badge.html", {"status": TargetStatus.of(status.code, "原因")}
    )
    style = f"background-color:{status.colour};color:{status.ink}"
    assert f'class="badge" style="{style}" title="原因">{status.label}</span>' in badge


def test_the_charts_draw_each_status_in_its_registered_colour():
    for status in STATUSES:
        assert re.fullmatch(r"#[0-9a-f]{6}", status.colour)
        assert status.colour not in DASHBOARD_JS  # the script takes the colours from the page's data
    assert "c.colour" in DASHBOARD_JS


def test_every_status_counts_in_one_dashboard_figure():
    assert {status.group for status in STATUSES} == {group.code for group in GROUPS}
    for group in GROUPS:
        assert CHINESE.search(group.label)
        assert not group.emphasis or f".text-{group.emphasis}{{" in BOOTSTRAP
    counts = {status.code: status.severity + 1 for status in STATUSES}
    assert sum(group_counts(counts).values()) == sum(counts.values())


@pytest.mark.django_db
def test_the_dashboard_labels_colours_and_adds_up_statuses_by_the_registry(login, history):
    client = login("leader")
    page = client.get("/plans/taishan-2024/dashboard/?as_of=2026-11-28").content.decode()
    marker = '<script id="chart-data" type="application/json">'
    start = page.index(marker) + len(marker)
    charts = json.loads(page[start : page.index("</script>", start)])
    shown = {c["status"]: c for c in charts["statusCounts"]}
    assert list(shown) == [status.code for status in STATUSES]
    for status in STATUSES:
        assert (shown[status.code]["label"], shown[status.code]["colour"]) == (status.label, status.colour)
    for group in GROUPS:
        assert group.label in page[page.index('data-testid="kpis"') : page.index('data-chart="status"')]

    workbook = load_workbook(
        io.BytesIO(client.get("/plans/taishan-2024/dashboard.xlsx?as_of=2026-11-28").content)
    )
    summary = dict(workbook["总体完成情况"].iter_rows(min_row=2, values_only=True))
    for group in GROUPS:
        members = [status.code for status in STATUSES if status.group == group.code]
        assert summary[group.label] == sum(shown[code]["count"] for code in members)
    assert sum(summary[group.label] for group in GROUPS) == summary["目标总数"]


@pytest.mark.django_db
def test_the_bulletin_lists_the_live_targets_needing_attention_most_severe_first(history):
    plan = Plan.objects.get(code="taishan-2024")
    bulletin = bulletin_data(plan, Period.objects.get(plan=plan, key="2026-10"))
    live = [t.status.status for t in bulletin.attention if t.row.year >= bulletin.live_year]
    assert len(set(live)) > 1  # the demo history has more than one kind of trouble to order
    severities = [STATUSES[code].severity for code in live]
    assert severities == sorted(severities, reverse=True)
