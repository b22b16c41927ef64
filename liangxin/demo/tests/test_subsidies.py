"""The demo's subsidy applications: the same counts every time, a ledger that reconciles, no personal data
in clear anywhere, and a second run that adds nothing."""

import json
from datetime import date

import pytest
from django.db.models import Count

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.core import crypto
from liangxin.core.tests.module_data import built_once
from liangxin.demo import subsidies as demo_data
from liangxin.plans.models import Plan
from liangxin.subsidies import access as subsidies_access
from liangxin.subsidies.models import Application, Decision, EquipmentLine, Flag, PayoutItem, Programme
from liangxin.subsidies.payouts import batches
from liangxin.subsidies.programmes import catalogue

pytestmark = pytest.mark.django_db

EXPECTED = {
    "pending": 79,
    "flagged": 2,
    "first_approved": 16,
    "approved": 37,
    "paid": 84,
    "returned": 6,
    "rejected": 3,
}


@pytest.fixture(scope="module")
def installed(django_db_setup, django_db_blocker):
    """Installed once for the module (a couple of seconds)."""
    yield from built_once(django_db_blocker, _install)


def _install():
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    # the demo file's programmes stop taking applications one day; the demo must not depend on today
    Programme.objects.update(open_until=date(2099, 12, 31))
    return demo_data.install_subsidy_demo()


def test_identifiers_carry_their_check_digits():
    assert demo_data.id_number("370902", date(1990, 1, 1), 123) == "370902199001011235"
    assert demo_data.id_number("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert demo_data.vin("LSVAU218", "N2183294") == "LSVAU218XN2183294"


def test_demo_applications_by_status_programme_and_check(installed):
    assert installed == EXPECTED
    by_programme = dict(Application.objects.values_list("programme__code").annotate(n=Count("pk")).order_by())
    assert by_programme == {
        "appliance-2025": 208,
        "car-scrap-2025": 6,
        "car-replace-2025": 6,
        "farm-machinery-2025": 4,
        "equipment-2025": 3,
    }
    appliances = Application.objects.filter(programme__code="appliance-2025")
    assert appliances.values("category").distinct().count() == 12
    assert appliances.values("retailer").distinct().count() == 8
    assert set(Flag.objects.values_list("code", flat=True)) == {
        "DUP_INVOICE",
        "DUP_PERSON_CATEGORY",
        "SHARED_PHONE",
        "DUP_VIN",
    }
    assert EquipmentLine.objects.count() == 6
    # every refusal and return says why; approvals are by two different people
    assert not Decision.objects.filter(reason="").exists()
    assert Decision.objects.filter(outcome="return").count() == 6
    assert Decision.objects.filter(step="second").exclude(actor__username="swj_approver").count() == 0
    # the demo enterprise sees its own two applications, not the other company's
    assert subsidies_access.applications_for(User.objects.get(username="enterprise")).count() == 2


def test_one_batch_partly_paid_and_every_ledger_reconciles(installed):
    items = dict(PayoutItem.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert items == {"paid": 84, "failed": 2, "pending": 8}
    for programme in Programme.objects.all():
        ledger = batches.ledger(programme)
        assert ledger.reconciled, programme.code
        assert ledger.paid <= ledger.committed <= ledger.budget
    appliance = batches.ledger(Programme.objects.get(code="appliance-2025"))
    assert 0 < appliance.paid < appliance.committed


def test_the_demo_car_applicants_can_be_paid(installed):
    """The car programmes pay the applicant: each demo car application carries its own bank account, so
    finance can build a car payout batch straight away."""
    finance = User.objects.get(username="czj_finance")
    cars = Application.objects.filter(programme__kind__in=["car_scrap", "car_replace"])
    assert cars.count() == 12 and not cars.filter(bank_account_enc="").exists()
    assert not cars.filter(bank_name="").exists()
    for code in ("car-scrap-2025", "car-replace-2025"):
        programme = Programme.objects.get(code=code)
        assert batches.preview(finance, programme).problems == []
        batch, _ = batches.build_batch(finance, programme, f"demo-{code}")
        assert batch.items.count() == cars.filter(programme=programme, status="approved").count() > 0


def test_no_personal_data_is_stored_in_clear(installed):
    people = Application.objects.exclude(id_number_enc="")
    secrets = set()
    for app in people:
        context = f"subsidies.application:{app.public_id}"
        id_number = crypto.decrypt(app.id_number_enc, f"{context}:id_number")
        assert app.id_number_masked == f"{id_number[:4]}{'*' * 10}{id_number[-4:]}"
        secrets |= {id_number, crypto.decrypt(app.phone_enc, f"{context}:phone")}
    for app in Application.objects.exclude(bank_account_enc=""):
        secrets.add(
            crypto.decrypt(app.bank_account_enc, f"subsidies.application:{app.public_id}:bank_account")
        )
    assert len(secrets) > 400
    stored = json.dumps(
        [
            list(Application.objects.values()),
            list(Flag.objects.values()),
            list(Decision.objects.values()),
            list(PayoutItem.objects.values()),
            list(AuditEntry.objects.values("object_repr", "before", "after")),
        ],
        default=str,
        ensure_ascii=False,
    )
    assert not [s for s in secrets if s in stored]


def test_a_second_run_adds_nothing(installed):
    counts = (Application.objects.count(), Decision.objects.count(), AuditEntry.objects.count())
    assert demo_data.install_subsidy_demo() == {}
    assert (Application.objects.count(), Decision.objects.count(), AuditEntry.objects.count()) == counts
    assert AuditEntry.objects.filter(action="demo.subsidies").count() == 1
