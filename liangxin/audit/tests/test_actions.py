"""The registry of audit actions: every action the product records is declared with a Chinese label and a
category, record() refuses any other, and the audit page names and offers every declared action."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import liangxin
from liangxin.audit import chain
from liangxin.audit.context import Actor, acting_as
from liangxin.audit.models import AuditEntry
from liangxin.audit.registry import ACTIONS, CATEGORIES
from liangxin.core.codes import UnknownCode

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PRODUCT = Path(liangxin.__file__).resolve().parent


def test_every_action_has_a_chinese_label_and_a_known_category():
    assert len(ACTIONS) > 0
    for action in ACTIONS:
        assert CHINESE.search(action.label), action
        assert action.category in CATEGORIES, action
    for category in CATEGORIES:
        assert CHINESE.search(category.label), category


@pytest.mark.django_db
def test_record_refuses_an_undeclared_action(settings, tmp_path):
    # the chain is verified against this test's own anchor: earlier tests' rolled-back entries moved the
    # shared anchor file ahead of the database
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    count = AuditEntry.objects.count()
    with pytest.raises(UnknownCode, match="plan.destroy"):
        chain.record("plan.destroy", object_type="plans.plan", object_id="1")
    assert AuditEntry.objects.count() == count
    assert chain.verify().ok


# --- every action string in the product code is declared ------------------------------------------------


def _record_calls(tree: ast.Module):
    """The calls of liangxin.audit.chain.record, under whatever name the module imported it."""
    chains, records = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "liangxin.audit":
            chains |= {a.asname or a.name for a in node.names if a.name == "chain"}
        if isinstance(node, ast.ImportFrom) and node.module == "liangxin.audit.chain":
            records |= {a.asname or a.name for a in node.names if a.name == "record"}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            (isinstance(func, ast.Name) and func.id in records)
            or (
                isinstance(func, ast.Attribute)
                and func.attr == "record"
                and ast.unparse(func.value) in chains
            )
            or ast.unparse(func) == "liangxin.audit.chain.record"
        ):
            yield node


def _action_argument(call: ast.Call) -> ast.expr:
    if call.args:
        return call.args[0]
    return next(k.value for k in call.keywords if k.arg == "action")


def _possible_actions(expr: ast.expr):
    """("code", text) for a literal, ("f-string", source) for an f-string, ("unreadable", source) otherwise."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield "code", expr.value
    elif isinstance(expr, ast.IfExp):
        yield from _possible_actions(expr.body)
        yield from _possible_actions(expr.orelse)
    elif isinstance(expr, ast.JoinedStr):
        yield "f-string", ast.unparse(expr)
    else:
        yield "unreadable", ast.unparse(expr)


def _f_string_actions() -> dict[str, set[str]]:
    """What each f-string action in the product can become, from the values its placeholders take."""
    from liangxin.lists.codes import LISTS, STEPS
    from liangxin.projects.sheet_imports import SHEETS
    from liangxin.reporting.workflow import ACTION_WORDS
    from liangxin.subsidies.models import Decision

    lists = [kind.code for kind in LISTS]

    return {
        "f'submission.{action}'": {f"submission.{action}" for action in ACTION_WORDS},
        "f'application.{step}.{outcome}'": {
            f"application.{step}.{outcome}"
            for step in Decision.Step.values
            for outcome in Decision.Outcome.values
        },
        "f'{list_code}.{step}'": {f"{code}.{step.code}" for code in lists for step in STEPS},
        "f'{list_code}.create'": {f"{code}.create" for code in lists},
        "f'{list_code}.update'": {f"{code}.update" for code in lists},
        "f'{list_code}.import'": {f"{code}.import" for code in lists},
        "f'{access.list_of(entry)}.reveal'": {f"{code}.reveal" for code in lists},
        "f'project.import.{kind}'": {f"project.import.{kind}" for kind in SHEETS},
    }


def _recorded_actions():
    found, files_calling = [], set()
    for path in sorted(PRODUCT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(PRODUCT).parts):
            continue
        for call in _record_calls(ast.parse(path.read_text(), str(path))):
            files_calling.add(path)
            where = f"{path.relative_to(PRODUCT)}:{call.lineno}"
            found += [(where, kind, value) for kind, value in _possible_actions(_action_argument(call))]
    return found, files_calling


def test_every_action_the_product_records_is_declared():
    found, files_calling = _recorded_actions()
    mentioning = {
        p
        for p in PRODUCT.rglob("*.py")
        if "chain.record(" in p.read_text()
        and not {"tests", "migrations"} & set(p.relative_to(PRODUCT).parts)
    }
    assert mentioning and files_calling == mentioning  # the scan sees every call site

    codes = {a.code for a in ACTIONS}
    expansions = _f_string_actions()
    undeclared = [(w, v) for w, kind, v in found if kind == "code" and v not in codes]
    unexpanded = [(w, v) for w, kind, v in found if kind == "f-string" and v not in expansions]
    undeclared += [
        (w, c) for w, kind, v in found if kind == "f-string" for c in expansions.get(v, ()) if c not in codes
    ]
    unreadable = [(w, v) for w, kind, v in found if kind == "unreadable"]
    assert undeclared == [], "declare these in the app's audit_actions.py"
    assert unexpanded == [], "say in _f_string_actions what these f-strings can become"
    assert unreadable == [], "pass the action as a string literal or an f-string, so this test can check it"


# --- the audit page -------------------------------------------------------------------------------------


class AuditPage(HTMLParser):
    """The action filter as {code: (group label, option text)} and the table's rows as lists of cells."""

    def __init__(self, html: str):
        super().__init__()
        self.options, self.rows = {}, []
        self._in_action_select = self._in_tbody = False
        self._group = self._option = None
        self._text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == "action":
            self._in_action_select = True
        elif tag == "optgroup" and self._in_action_select:
            self._group = attrs["label"]
        elif tag == "option" and self._in_action_select and attrs.get("value"):
            self._option, self._text = attrs["value"], []
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows.append([])
        elif tag == "td" and self._in_tbody:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_action_select = False
        elif tag == "option" and self._option:
            self.options[self._option] = (self._group, "".join(self._text).strip())
            self._option = None
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "td" and self._in_tbody:
            self.rows[-1].append("".join(self._text).strip())

    def handle_data(self, data):
        self._text.append(data)


@pytest.mark.django_db
def test_the_filter_offers_every_action_grouped_by_category(login):
    page = AuditPage(login("auditor").get("/audit/").content.decode())
    assert page.options == {a.code: (CATEGORIES[a.category].label, a.label) for a in ACTIONS}


@pytest.mark.django_db
def test_the_pages_name_each_entry_by_its_action_label(login):
    with acting_as(Actor(None, "tester", "", "10.1.2.3", "web")):
        entries = [chain.record(a.code, object_type="t", object_repr=f"对象-{a.code}") for a in ACTIONS]
    client = login("auditor")
    shown = {}
    for number in range(1, len(entries) // 50 + 2):
        for cells in AuditPage(client.get(f"/audit/?actor=tester&page={number}").content.decode()).rows:
            shown[cells[6]] = cells[5]
    assert shown == {f"对象-{a.code}": a.label for a in ACTIONS}
    detail = client.get(f"/audit/{entries[-1].seq}/").content.decode()
    assert f"审计记录 {entries[-1].seq}：{ACTIONS[entries[-1].action].label}" in detail
