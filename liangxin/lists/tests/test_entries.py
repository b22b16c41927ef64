"""An entry's fields checked field by field (form, API and import alike), who may enter an entry for which
unit, the contact's phone encrypted and masked, its reveal audited, and each change kept in the history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from liangxin.audit.models import AuditEntry
from liangxin.core import crypto
from liangxin.core.errors import Conflict, Invalid
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.enterprises.models import Unit
from liangxin.lists import entries
from liangxin.lists.models import DemandEntry, SupplyEntry
from liangxin.lists.tests.helpers import (
    CABLE_CODE,
    consumer_data,
    demo_units,  # noqa: F401 - a fixture
    equipment_data,
    person,
    supply_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def test_an_enterprise_enters_a_supply_entry_for_its_own_unit_with_exact_prices_and_the_phone_encrypted():
    entry = entries.create(person("enterprise"), "supply", supply_data(unit=""))
    assert entry.unit.credit_code == DEMO_ENTERPRISE_CODE and entry.department is None
    assert entry.status == "draft" and entry.category.name == "矿山装备"
    assert entry.price_min == Decimal("12.5") and entry.price_max == Decimal("48")
    assert entry.contact_phone_masked == "139****1234" and "13905381234" not in entry.contact_phone_enc
    assert crypto.decrypt(entry.contact_phone_enc, entries.PHONE_CONTEXT) == "13905381234"
    audit = AuditEntry.objects.get(action="supply.create")
    assert audit.after["contact_phone"] == "139****1234" and "13905381234" not in str(audit.after)
    assert [(c.step, c.to_status) for c in entry.changes.all()] == [("create", "draft")]


def test_an_enterprise_cannot_enter_for_another_unit():
    with pytest.raises(Invalid, match="企业只能填报本企业的条目"):
        entries.create(person("enterprise"), "supply", supply_data(unit=CABLE_CODE))


def test_an_enterprise_not_in_the_register_is_told_so():
    Unit.objects.filter(credit_code=DEMO_ENTERPRISE_CODE).update(credit_code="91370902MA3C99999X")
    with pytest.raises(Invalid, match="尚未在“企业与单位”登记"):
        entries.create(person("enterprise"), "supply", supply_data())


def test_a_department_enters_for_any_registered_unit_as_its_own_entry():
    entry = entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    assert entry.department.code == "gxj" and entry.unit.credit_code == CABLE_CODE


def test_roles_that_do_not_enter_lists_are_refused():
    for username in ("leader", "auditor", "czj_finance", "gxj_caseworker"):
        with pytest.raises(PermissionDenied):
            entries.create(person(username), "supply", supply_data())


def test_every_fault_of_a_supply_entry_is_named_by_its_field():
    bad = supply_data(
        unit="无此企业",
        product="",
        category="航天器",
        price_min="1.00001",
        price_max="-3",
        contact_phone="12345",
        specification="x" * 2001,
    )
    with pytest.raises(Invalid) as caught:
        entries.create(person("gxj_reporter"), "supply", bad)
    assert {p.field for p in caught.value.problems} == {
        "unit",
        "product",
        "category",
        "price_min",
        "price_max",
        "contact_phone",
        "specification",
    }


def test_the_price_range_is_ordered_in_the_check_and_in_the_database():
    with pytest.raises(Invalid, match="参考价格上限（万元）：不能低于参考价格下限"):
        entries.create(person("gxj_reporter"), "supply", supply_data(price_min="50", price_max="10"))
    entry = entries.create(person("gxj_reporter"), "supply", supply_data(price_min="", price_max="10"))
    assert entry.price_min is None
    with pytest.raises(IntegrityError), transaction.atomic():
        SupplyEntry.objects.filter(pk=entry.pk).update(price_min=Decimal("11"))


def test_a_supply_entry_links_only_its_units_honours_in_force():
    unit = Unit.objects.get(credit_code=DEMO_ENTERPRISE_CODE)
    own, withdrawn = unit.honours.order_by("pk")[:2]
    withdrawn.withdrawn_at, withdrawn.withdrawn_reason = timezone.now(), "复核不合格"
    withdrawn.save()
    other = Unit.objects.get(credit_code=CABLE_CODE).honours.first()
    entry = entries.create(person("enterprise"), "supply", supply_data(honours=[own.pk]))
    assert list(entry.honours.all()) == [own]
    for refused in (f"{own.pk},{other.pk}", str(withdrawn.pk)):
        with pytest.raises(Invalid, match="只能选择本企业在册的荣誉"):
            entries.create(person("enterprise"), "supply", supply_data(honours=refused))


def test_an_equipment_need_takes_its_towns_from_the_unit_and_its_month_as_the_first_day():
    entry = entries.create(person("wjj_reporter"), "demand", equipment_data())
    assert entry.kind == "equipment" and entry.field == "health" and entry.category.code == "medical"
    assert entry.town == entry.unit.town and entry.wanted_by.isoformat() == "2026-06-01"
    assert entry.amount == Decimal("680") and entry.quantity == Decimal("1")


def test_an_equipment_need_needs_a_unit_and_a_field_and_no_consumer_category():
    with pytest.raises(Invalid) as caught:
        entries.create(
            person("wjj_reporter"), "demand", equipment_data(unit="", field="", consumer_category="汽车")
        )
    assert {p.field for p in caught.value.problems} == {"unit", "field", "consumer_category"}


def test_a_consumer_estimate_needs_its_category_and_takes_its_measure_from_it():
    entry = entries.create(person("swj_reporter"), "demand", consumer_data())
    assert entry.unit is None and entry.town.code == "dmjd" and entry.measure == "台"
    assert entry.consumer_category == "appliance" and entry.wanted_by.isoformat() == "2026-12-01"
    with pytest.raises(Invalid) as caught:
        entries.create(
            person("swj_reporter"), "demand", consumer_data(consumer_category="", field="工业", measure="台")
        )
    assert {p.field for p in caught.value.problems} == {"consumer_category", "field"}


def test_a_demand_entrys_numbers_month_and_town_are_checked():
    bad = equipment_data(quantity="0", amount="abc", wanted_by="2026-13", town="gxj", kind="其他")
    with pytest.raises(Invalid) as caught:
        entries.create(person("wjj_reporter"), "demand", bad)
    assert {p.field for p in caught.value.problems} == {"quantity", "amount", "wanted_by", "town", "kind"}
    assert entries.month("2025年6月") == entries.month("2025-06-18") == entries.month("2025/6")


def test_the_database_refuses_an_equipment_need_without_a_unit():
    entry = entries.create(person("wjj_reporter"), "demand", equipment_data())
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandEntry.objects.filter(pk=entry.pk).update(unit=None)


def test_an_edit_changes_the_fields_given_keeps_the_phone_and_is_kept_in_the_history():
    entry = entries.create(person("enterprise"), "supply", supply_data())
    entry, changed = entries.update(person("enterprise"), entry, {"capacity": "年产 500 台"})
    assert changed and entry.capacity == "年产 500 台" and entries.stored_phone(entry) == "13905381234"
    audit = AuditEntry.objects.get(action="supply.update")
    assert audit.before["capacity"] == "年产 300 台" and audit.after["capacity"] == "年产 500 台"
    assert [c.step for c in entry.changes.all()] == ["create", "update"]
    assert entries.update(person("enterprise"), entry, {"capacity": "年产 500 台"})[1] is False


def test_only_the_entering_side_edits_and_only_while_a_draft_or_returned():
    entry = entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    for username in ("wjj_reporter", "enterprise", "leader"):
        with pytest.raises(PermissionDenied):
            entries.update(person(username), entry, {"capacity": "1"})
    entries.update(person("gxj_reviewer"), entry, {"capacity": "年产 1 万公里"})  # same department
    entries.update(person("fgj_coordinator"), entry, {"capacity": "年产 2 万公里"})
    SupplyEntry.objects.filter(pk=entry.pk).update(status="submitted")
    entry.refresh_from_db()
    with pytest.raises(Conflict, match="只有草稿或已退回的条目可以修改"):
        entries.update(person("gxj_reporter"), entry, {"capacity": "1"})


def test_revealing_the_phone_needs_a_reason_and_is_audited():
    entry = entries.create(person("enterprise"), "supply", supply_data())
    with pytest.raises(Invalid):
        entries.reveal_phone(person("gxj_reviewer"), entry, "x")
    assert entries.reveal_phone(person("gxj_reviewer"), entry, "联系企业核实产能") == "13905381234"
    assert AuditEntry.objects.get(action="supply.reveal").after["reason"] == "联系企业核实产能"
    with pytest.raises(PermissionDenied):
        entries.reveal_phone(person("leader"), entry, "联系企业核实产能")
