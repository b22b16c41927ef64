"""Every code a user can see has its Chinese name (issue 11 D.6): the choices of every model field (the
statuses of applications, payouts, imports, periods, submissions, decisions …), every entry of every code
registry, every object an audit entry can be about, every channel and result it records; and no page
template prints a status, action, stage or similar code raw."""

import ast
import re
import sys
from pathlib import Path

import pytest
from django.apps import apps

import liangxin
from liangxin.audit.registry import CHANNELS, OBJECT_TYPES, RESULTS
from liangxin.core.codes import Registry

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PRODUCT = Path(liangxin.__file__).resolve().parent


def product_models():
    return [m for m in apps.get_models() if m.__module__.startswith("liangxin.")]


def test_every_choice_of_every_model_field_has_a_chinese_label():
    missing = [
        f"{model._meta.label}.{f.name}={code}"
        for model in product_models()
        for f in model._meta.get_fields()
        if getattr(f, "choices", None)
        for code, label in f.flatchoices
        if not CHINESE.search(str(label))
    ]
    assert missing == []


def test_every_entry_of_every_code_registry_has_a_chinese_label():
    import liangxin.subsidies.lists  # noqa: F401 - a registry not every start-up imports

    # the registries are module attributes; type() (not isinstance) leaves lazy objects unevaluated
    registries = {
        id(value): value
        for name, module in list(sys.modules.items())
        if name.startswith("liangxin.") and ".tests" not in name
        for value in list(vars(module).values())
        if type(value) is Registry
    }.values()
    assert {"审计操作", "目标状态", "里程碑进展", "拨付批次状态", "操作渠道"} <= {r.name for r in registries}
    missing = [f"{r.name}: {e.code}" for r in registries for e in r if not CHINESE.search(str(e.label))]
    assert missing == []


def test_every_object_an_audit_entry_can_be_about_has_a_chinese_name():
    """An entry about a model instance is typed by the model's label; every product model may be audited."""
    models = {m._meta.label_lower for m in product_models()}
    assert sorted(models - {t.code for t in OBJECT_TYPES}) == []
    literal = set()
    for path in PRODUCT.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(PRODUCT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("record"):
                for k in node.keywords:
                    if k.arg == "object_type" and isinstance(k.value, ast.Constant) and k.value.value:
                        literal.add(k.value.value)
    assert literal and sorted(literal - {t.code for t in OBJECT_TYPES}) == []


def test_every_channel_and_result_the_trail_records_has_a_chinese_name():
    sources = "\n".join(p.read_text() for p in (PRODUCT / "audit").glob("*.py"))
    channels = set(re.findall(r'"(web|api|cli)"', sources))
    assert channels == {"web", "api", "cli"} and channels <= {c.code for c in CHANNELS}
    results = set()
    for path in PRODUCT.rglob("*.py"):
        if "tests" not in path.parts:
            results |= set(re.findall(r'\bresult="(\w+)"', path.read_text()))
    assert results and results <= {r.code for r in RESULTS}


RAW = re.compile(
    r"{{\s*[\w.]*\b(status|action|stage|kind|via|result|outcome|step|role|role_codes|actor_roles|object_type)"
    r"\s*(}}|\|(?!\w*label|\w*word|\w*badge|\w*colou?r|\w*style))"
)


def test_no_template_prints_a_code_raw():
    found = [
        f"{path.relative_to(PRODUCT)}: {m.group(0)}"
        for path in PRODUCT.rglob("*.html")
        for m in RAW.finditer(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_an_audit_entrys_page_names_its_user_channel_object_and_result_in_chinese(login, settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    from liangxin.accounts.models import User
    from liangxin.audit import chain
    from liangxin.audit.context import Actor, acting_as

    approver = User.objects.get(username="swj_approver")
    with acting_as(Actor(approver.pk, approver.username, "approver,caseworker", "10.0.0.9", "api")):
        entry = chain.record("pii.reveal", obj=approver, result="failure")
    html = login("auditor").get(f"/audit/{entry.seq}/").content.decode()
    body = re.sub(r"<[^>]+>", " ", html[html.index("<h1") : html.index("校验码")])
    assert "查看完整个人信息" in body and "接口" in body and "swj_approver（复审、经办（初审））" in body
    assert "账号" in body and "失败" in body
    for code in ("pii.reveal", " api ", "approver,", "accounts.user", "failure"):
        assert code not in body
    listed = login("auditor").get("/audit/", {"action": "pii.reveal"}).content.decode()
    assert "<td>接口</td>" in listed and ">失败</span>" in listed


FLAG_CODE = re.compile(r"[A-Z]+(?:_[A-Z]+)+")


def test_every_check_flag_the_product_can_raise_has_a_chinese_label():
    """Flags are written as upper-case string codes (checks, formulas' flags): each has its label."""
    from liangxin.subsidies.intake.checks import LABELS

    codes = set()
    for path in (PRODUCT / "subsidies").rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and FLAG_CODE.fullmatch(node.value)
            ):
                codes.add(node.value)
    assert {"DUP_INVOICE", "PRICE_OUTLIER", "PRICE_CEILING", "CAP_REACHED"} <= codes
    assert sorted(codes - set(LABELS)) == []
    assert all(CHINESE.search(label) for label in LABELS.values())
