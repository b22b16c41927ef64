"""Honours: recorded by a department with the document, once per kind, level and year, withdrawn with a
reason by the department that entered them; the count in force by level is what the plan's figures read."""

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Conflict, Invalid
from liangxin.enterprises import honours, units
from liangxin.enterprises.models import HonourKind
from liangxin.enterprises.tests.test_units import CODE_B, enterprise, person

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% honour\n"


@pytest.fixture
def unit(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path
    return units.create(person("fgj_coordinator"), enterprise())


def green(level="provincial", year=2025, **more):
    return {
        "kind": "green-factory",
        "level": level,
        "year": year,
        "document_number": "鲁工信节〔2025〕12号",
    } | more


def test_the_shipped_kinds_are_the_plans():
    names = set(HonourKind.objects.values_list("name", flat=True))
    assert {"绿色工厂", "好品山东", "山东制造·齐鲁精品", "5G工厂（车间）", "能效领跑者"} <= names


def test_an_honour_is_recorded_with_its_document_once_a_year(unit):
    honour = honours.record(person("gxj_reporter"), unit, green(), ("认定文件.pdf", PDF))
    assert str(honour) == "泰安示范电缆有限公司 2025年省级绿色工厂"
    stored = honours.document_path(honour)
    assert stored.read_bytes() == PDF and stored.stat().st_mode & 0o777 == 0o600
    assert honour.document_name == "认定文件.pdf" and honour.department.code == "gxj"
    assert AuditEntry.objects.get(action="honour.record").after["document_number"] == "鲁工信节〔2025〕12号"
    with pytest.raises(Conflict, match="已登记 2025 年省级绿色工厂"):
        honours.record(person("gxj_reporter"), unit, green())
    honours.record(person("gxj_reporter"), unit, green(level="national"))  # another level is another honour


def test_faults_are_named_by_field(unit):
    with pytest.raises(Invalid) as caught:
        honours.record(person("gxj_reporter"), unit, {"kind": "不存在", "level": "区级", "year": "2099"})
    assert {p.field for p in caught.value.problems} == {"kind", "level", "year", "document_number"}
    with pytest.raises(Invalid, match="PDF 或图片"):
        honours.record(person("gxj_reporter"), unit, green(), ("认定.exe", b"MZ\x90\x00"))
    with pytest.raises(PermissionDenied):
        honours.record(person("leader"), unit, green())


def test_withdrawn_by_its_department_with_a_reason_and_counted_in_force_by_level(unit):
    other = units.create(person("fgj_coordinator"), enterprise(credit_code=CODE_B, name="别家"))
    provincial = honours.record(person("gxj_reporter"), unit, green())
    honours.record(person("gxj_reporter"), other, green(level="national", year=2024))
    honours.record(person("gxj_reporter"), other, green(level="city", year=2025))
    assert honours.in_force("green-factory", "provincial").count() == 2  # 省级以上: 国家级 counts too
    assert honours.in_force("green-factory", "provincial", year=2024).count() == 1
    with pytest.raises(PermissionDenied, match="只能撤销本部门登记的荣誉"):
        honours.withdraw(person("wjj_reporter"), provincial, "认定已被撤销")
    with pytest.raises(Invalid, match="理由"):
        honours.withdraw(person("gxj_reporter"), provincial, "。")
    honours.withdraw(person("gxj_reporter"), provincial, "省工信厅复核撤销认定")
    assert honours.in_force("green-factory", "provincial").count() == 1
    with pytest.raises(Conflict):
        honours.withdraw(person("fgj_coordinator"), provincial, "再次撤销试试")
    honours.record(person("gxj_reporter"), unit, green())  # withdrawn: it may be recorded again


def test_the_coordinator_extends_the_list_of_kinds():
    kind = honours.add_kind(person("fgj_coordinator"), "specialised", "专精特新")
    assert kind.position > HonourKind.objects.get(code="water-leader").position
    with pytest.raises(Conflict):
        honours.add_kind(person("fgj_coordinator"), "specialised-2", "专精特新")
    with pytest.raises(Invalid) as caught:
        honours.add_kind(person("fgj_coordinator"), "专精", "")
    assert {p.field for p in caught.value.problems} == {"code", "name"}
    with pytest.raises(PermissionDenied):
        honours.add_kind(person("gxj_reporter"), "smart", "智能工厂")
