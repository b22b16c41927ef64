"""The register of units: the checks every field gets (form, API and import alike), who may maintain
which unit, the contact's phone encrypted and masked, its reveal audited, and the Excel round trip."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.core import crypto
from liangxin.core.errors import Invalid
from liangxin.core.tests.test_identifiers import make_credit_code
from liangxin.enterprises import access, industries, register_excel, units
from liangxin.enterprises.models import Unit

pytestmark = pytest.mark.django_db
CODE_A = make_credit_code("91370902MA3C00001")
CODE_B = make_credit_code("91370902MA3C00002")
HOSPITAL = make_credit_code("12370902MB0000001")


def person(username: str) -> User:
    return User.objects.get(username=username)


def enterprise(**changes) -> dict:
    return {
        "kind": "enterprise",
        "name": "泰安示范电缆有限公司",
        "credit_code": CODE_A,
        "industry_code": "C3831",
        "industry_name": "电线、电缆制造",
        "above_scale": "是",
        "town": "邱家店镇",
        "department": "gxj",
        "contact_name": "王经理",
        "contact_phone": "13800138000",
    } | changes


def test_industry_codes_follow_gb_4754_sections():
    assert industries.industry_code(" c3511 ") == "C3511"
    assert industries.industry_code("3831") == "C3831"  # the letter follows from the 大类
    assert industries.industry_code("P83") == "P83"
    with pytest.raises(industries.IndustryInvalid, match="大类 84 不属于门类 C"):
        industries.industry_code("C8411")
    with pytest.raises(industries.IndustryInvalid, match="门类字母加 2 至 4 位数字"):
        industries.industry_code("C35111")


def test_a_unit_is_created_with_its_phone_encrypted_masked_and_audited():
    unit = units.create(person("fgj_coordinator"), enterprise())
    assert (unit.town.short_name, unit.department.code, unit.above_scale) == ("邱家店镇", "gxj", True)
    assert unit.contact_phone_masked == "138****8000" and "13800138000" not in unit.contact_phone_enc
    assert crypto.decrypt(unit.contact_phone_enc, units.PHONE_CONTEXT) == "13800138000"
    entry = AuditEntry.objects.get(action="unit.create", object_id=str(unit.pk))
    assert entry.after["contact_phone"] == "138****8000" and "13800138000" not in str(entry.after)


def test_every_fault_is_named_by_its_field():
    bad = enterprise(
        kind="工厂", credit_code="91370902MA3C0000", industry_code="C84", town="泰山区", contact_phone="123"
    )
    with pytest.raises(Invalid) as caught:
        units.create(person("fgj_coordinator"), bad)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"kind", "credit_code", "industry_code", "town", "contact_phone"}
    assert any("单位类型：应为企业、" in p.message for p in caught.value.problems)
    assert not Unit.objects.exists()


def test_a_public_unit_needs_its_department_and_a_code_is_registered_once():
    coordinator = person("fgj_coordinator")
    with pytest.raises(Invalid, match="主管部门"):
        units.create(coordinator, enterprise(kind="医疗卫生机构", credit_code=HOSPITAL, department=""))
    units.create(coordinator, enterprise())
    with pytest.raises(Invalid, match="已登记为“泰安示范电缆有限公司”"):
        units.create(coordinator, enterprise(name="另一家"))


def test_a_department_maintains_only_the_units_it_manages():
    gxj = person("gxj_reporter")
    unit = units.create(gxj, enterprise())
    with pytest.raises(Invalid, match="只能登记本部门"):
        units.create(gxj, enterprise(credit_code=CODE_B, department="swj"))
    with pytest.raises(PermissionDenied, match="只能维护本部门主管的单位"):
        units.update(person("wjj_reporter"), unit, {"name": "改名"})
    with pytest.raises(PermissionDenied):
        units.create(person("leader"), enterprise(credit_code=CODE_B))
    assert access.allowed_unit_actions(gxj, unit) == {"edit", "reveal", "honour"}
    assert access.allowed_unit_actions(person("leader"), unit) == set()


def test_an_enterprise_sees_and_keeps_up_only_its_own_unit():
    account = person("enterprise")
    own = units.create(person("fgj_coordinator"), enterprise(credit_code=account.credit_code))
    other = units.create(person("fgj_coordinator"), enterprise(credit_code=CODE_B, name="别家"))
    assert list(access.units_for(account)) == [own]
    assert access.own_unit(account) == own
    assert other not in access.units_for(account)
    saved, changed = units.update(account, own, {"contact_name": "李经理", "contact_phone": "13900139000"})
    assert changed and saved.contact_phone_masked == "139****9000"
    with pytest.raises(Invalid, match="企业只能修改行业和联系人信息"):
        units.update(account, own, {"name": "新名字"})
    assert access.allowed_unit_actions(account, own) == {"edit"}


def test_an_edit_that_changes_nothing_writes_no_entry_and_a_reveal_needs_a_reason():
    coordinator = person("fgj_coordinator")
    unit = units.create(coordinator, enterprise())
    _, changed = units.update(
        coordinator, unit, {"contact_phone": "13800138000", "name": "泰安示范电缆有限公司"}
    )
    assert not changed and not AuditEntry.objects.filter(action="unit.update").exists()
    with pytest.raises(Invalid, match="理由"):
        units.reveal_phone(coordinator, unit, "x")
    assert units.reveal_phone(coordinator, unit, "联系企业核实设备更新需求") == "13800138000"
    assert AuditEntry.objects.get(action="unit.reveal").after["reason"] == "联系企业核实设备更新需求"
    with pytest.raises(PermissionDenied):
        units.reveal_phone(person("leader"), unit, "联系企业核实情况")


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(register_excel.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROW_A = [
    "企业",
    "泰安示范电缆有限公司",
    CODE_A,
    "C3831",
    "电线、电缆制造",
    "是",
    "邱家店镇",
    "gxj",
    "王经理",
    "13800138000",
]


def test_an_import_with_faults_saves_nothing_and_names_each_row_and_column():
    bad = workbook(
        [
            ROW_A,
            ["企业", "", CODE_B, "X1", "", "大概", "", "", "", "12345"],
            ["企业", "重复", CODE_A, "", "", "否", "", "", "", ""],
        ]
    )
    with pytest.raises(Invalid, match="未导入任何一行") as caught:
        register_excel.import_file(person("fgj_coordinator"), bad)
    found = {(p.row, p.field) for p in caught.value.problems}
    assert {
        (3, "name"),
        (3, "industry_code"),
        (3, "above_scale"),
        (3, "contact_phone"),
        (4, "credit_code"),
    } <= found
    assert not Unit.objects.exists()


def test_the_export_imports_back_unchanged_and_an_edited_row_updates():
    coordinator = person("fgj_coordinator")
    first = register_excel.import_file(coordinator, workbook([ROW_A]))
    assert first == {"created": 1, "updated": 0, "unchanged": 0}
    exported = register_excel.export(Unit.objects.all())
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[2]][9] == "138****8000"  # masked in the file too
    assert register_excel.import_file(coordinator, exported) == {"created": 0, "updated": 0, "unchanged": 1}
    changed = workbook([[*ROW_A[:8], "李经理", "13900139000"]])
    assert register_excel.import_file(coordinator, changed) == {"created": 0, "updated": 1, "unchanged": 0}
    unit = Unit.objects.get()
    assert unit.contact_name == "李经理" and units.stored_phone(unit, unit.contact_phone_enc) == "13900139000"


def test_a_department_imports_only_its_own_units():
    row_swj = [*ROW_A[:2], CODE_B, *ROW_A[3:7], "swj", *ROW_A[8:]]
    with pytest.raises(Invalid) as caught:
        register_excel.import_file(person("gxj_reporter"), workbook([ROW_A, row_swj]))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "department")]
