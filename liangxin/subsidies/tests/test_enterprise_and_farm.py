"""Enterprise equipment applications (credit code, invoices, equipment lines, a cap per enterprise),
farm-machinery scrapping, and bank accounts as personal data."""

from decimal import Decimal

import pytest
from django.db import connection

from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.subsidies.intake import applications, fields
from liangxin.subsidies.models import Application, EquipmentLine, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.tests.test_applications import ID_A, ID_B, caseworker, row

pytestmark = pytest.mark.django_db

CODE_A = "91370900MA3C12345J"
CODE_B = "91370902163010628Y"
ACCOUNT = "6222021234567890123"


@pytest.fixture
def loaded():
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    return {p.code: p for p in Programme.objects.all()}


def enterprise(**changes):
    base = {
        "name": "泰山示范机械有限公司",
        "credit_code": CODE_A,
        "phone": "13905381234",
        "bank_name": "中国工商银行泰安分行",
        "bank_account": "1606 0234 0920 0123 456",
        "lines": [
            {
                "name": "数控加工中心",
                "spec": "VMC-850",
                "quantity": 2,
                "invoice_number": "24372000000000100001",
                "amount": "1,200,000.00",
            },
            {
                "name": "工业机器人",
                "spec": "ER20",
                "quantity": 1,
                "invoice_number": "24372000000000100002",
                "amount": "800000.00",
            },
        ],
    }
    return base | changes


def test_enterprise_application_sums_its_lines_and_grants_the_share(loaded):
    app, created = applications.submit(caseworker(), loaded["equipment-2025"], enterprise())
    assert created and app.status == Application.Status.PENDING
    assert app.price == Decimal("2000000.00") and app.amount == Decimal("200000.00")
    assert list(app.lines.values_list("name", "quantity", "amount")) == [
        ("数控加工中心", 2, Decimal("1200000.00")),
        ("工业机器人", 1, Decimal("800000.00")),
    ]
    assert app.credit_code == CODE_A and app.bank_account_masked == "160602*********3456"
    from liangxin.core import crypto

    whole = "1606023409200123456"
    assert (
        crypto.decrypt(app.bank_account_enc, f"subsidies.application:{app.public_id}:bank_account") == whole
    )
    stored = Application.objects.filter(pk=app.pk).values().get()
    assert [k for k, v in stored.items() if whole in str(v)] == []  # in clear nowhere, encrypted only
    assert whole not in str(AuditEntry.objects.filter(action="application.create").values_list("after"))


def test_the_cap_per_enterprise_counts_its_earlier_applications(loaded):
    programme = loaded["equipment-2025"]
    first, _ = applications.submit(caseworker(), programme, enterprise())
    line = {
        "name": "激光切割机",
        "quantity": 1,
        "invoice_number": "24372000000000100003",
        "amount": "4000000.00",
    }
    second, _ = applications.submit(caseworker(), programme, enterprise(lines=[line]))
    assert first.amount + second.amount == Decimal("500000.00")
    assert second.amount == Decimal("300000.00") and second.status == Application.Status.FLAGGED
    assert "已申请补贴 200000.00 元" in second.flags.get(code="CAP_REACHED").message
    other, _ = applications.submit(
        caseworker(),
        programme,
        enterprise(credit_code=CODE_B, lines=[line | {"invoice_number": "24372000000000100004"}]),
    )
    assert other.amount == Decimal("400000.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": "91370900MA3C12345K"}, "统一社会信用代码：统一社会信用代码校验位不正确"),
        ({"lines": []}, "设备明细：至少填写一台设备"),
        ({"lines": "一台机床"}, "设备明细：应为设备明细的列表"),
        (
            {"lines": [{"name": "机床", "quantity": "两台", "invoice_number": "123", "amount": "-5"}]},
            "设备明细：第 1 行数量：应为正整数",
        ),
        (
            {"lines": [{"name": "机床", "quantity": 1, "invoice_number": "123", "amount": "5"}]},
            "设备明细：第 1 行发票号码：发票号码应为 20 位",
        ),
        ({"bank_account": "6222-abc"}, "收款账号：收款账号应为 8 至 30 位数字"),
        ({"bank_name": ""}, "开户银行：必填"),
    ],
)
def test_bad_enterprise_input_names_the_field_and_line(loaded, changes, message):
    with pytest.raises(fields.ApplicationInvalid, match=message):
        applications.submit(caseworker(), loaded["equipment-2025"], enterprise(**changes))
    assert not Application.objects.exists() and not EquipmentLine.objects.exists()


def test_an_invoice_on_an_equipment_line_is_used_once_across_programmes(loaded):
    appliance, _ = applications.submit(caseworker(), loaded["appliance-2025"], row())
    reused = {"name": "空压机", "quantity": 1, "invoice_number": row()["invoice_number"], "amount": "90000"}
    app, _ = applications.submit(caseworker(), loaded["equipment-2025"], enterprise(lines=[reused]))
    flag = app.flags.get(code="DUP_INVOICE")
    assert str(appliance.public_id) in flag.related
    again, _ = applications.submit(
        caseworker(),
        loaded["equipment-2025"],
        enterprise(credit_code=CODE_B, lines=enterprise()["lines"][:1]),
    )
    assert not again.flags.filter(code="DUP_INVOICE").exists()
    third, _ = applications.submit(
        caseworker(),
        loaded["equipment-2025"],
        enterprise(credit_code="91370900735773431J", lines=enterprise()["lines"][:1]),
    )
    assert str(again.public_id) in third.flags.get(code="DUP_INVOICE").related


def farm(**changes):
    base = {
        "name": "李四",
        "id_number": ID_B,
        "phone": "13705381234",
        "machine_type": "拖拉机",
        "machine_subsidy": "30000.00",
        "serial_number": "TL-2015-0088",
        "scrap_certificate": "NJBF2025000123",
        "transaction_at": "2025-05-10",
        "bank_name": "泰安农商银行",
        "bank_account": "6230 5100 0012 3456 789",
    }
    return base | changes


def test_farm_machinery_scrapping_is_capped_by_machine_type(loaded):
    programme = loaded["farm-machinery-2025"]
    app, _ = applications.submit(caseworker(), programme, farm())
    assert app.amount == Decimal("9000.00") and "拖拉机上限 20000.00 元" in app.explanation
    big, _ = applications.submit(
        caseworker(),
        programme,
        farm(
            id_number=ID_A,
            machine_type="采棉机",
            machine_subsidy="500000",
            serial_number="C1",
            scrap_certificate="NJBF2",
        ),
    )
    assert big.amount == Decimal("60000.00")
    with pytest.raises(fields.ApplicationInvalid, match="机具类型：“插秧机”不在报废补贴范围内"):
        applications.submit(caseworker(), programme, farm(machine_type="插秧机"))
    same_certificate, _ = applications.submit(
        caseworker(), programme, farm(id_number=ID_A, serial_number="C9", machine_type="播种机")
    )
    assert same_certificate.flags.filter(code="DUP_SCRAP_CERT").exists()


def test_one_bank_account_given_by_many_people_is_flagged(loaded):
    programme = loaded["farm-machinery-2025"]
    people = [ID_A, ID_B, "370902198501017516"]
    apps = [
        applications.submit(
            caseworker(),
            programme,
            farm(id_number=person, phone=f"1370538000{i}", serial_number=f"S{i}", scrap_certificate=f"NJ{i}"),
        )[0]
        for i, person in enumerate(people)
    ]
    assert [a.flags.filter(code="SHARED_ACCOUNT").exists() for a in apps] == [False, False, True]
    assert "同一收款账号被 3 个不同申请人使用" in apps[2].flags.get(code="SHARED_ACCOUNT").message


def test_a_bank_account_is_revealed_only_with_a_reason_and_audited(loaded):
    app, _ = applications.submit(caseworker(), loaded["farm-machinery-2025"], farm())
    assert applications.reveal(caseworker(), app, "bank_account", "核对拨付账户") == "6230510000123456789"
    entry = AuditEntry.objects.filter(action="pii.reveal").latest("seq")
    assert entry.after["field"] == "bank_account" and entry.after["masked"] == app.bank_account_masked
    assert "6230510000123456789" not in str(AuditEntry.objects.filter(action="application.create").values())


def test_an_enterprise_account_applies_only_for_its_own_enterprise(loaded):
    from liangxin.accounts.models import User
    from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE

    account = User.objects.get(username="enterprise")
    assert account.credit_code == DEMO_ENTERPRISE_CODE == CODE_A
    with pytest.raises(fields.ApplicationInvalid, match=f"企业账号只能为本企业（{CODE_A}）申报"):
        applications.submit(account, loaded["equipment-2025"], enterprise(credit_code=CODE_B))
    own, _ = applications.submit(account, loaded["equipment-2025"], enterprise())
    assert own.credit_code == CODE_A and own.created_by == account
    staff, _ = applications.submit(caseworker(), loaded["equipment-2025"], enterprise(credit_code=CODE_B))
    assert staff.credit_code == CODE_B  # staff file on behalf of any enterprise


def test_a_corrected_application_still_counts_the_enterprise_cap(loaded):
    from liangxin.subsidies.review import decisions

    programme = loaded["equipment-2025"]
    line = {
        "name": "激光切割机",
        "quantity": 1,
        "invoice_number": "24372000000000100003",
        "amount": "4000000",
    }
    applications.submit(caseworker(), programme, enterprise(lines=[line]))
    other = line | {"invoice_number": "24372000000000100004", "amount": "1000000"}
    second, _ = applications.submit(caseworker(), programme, enterprise(lines=[other]))
    assert second.amount == Decimal("100000.00")
    decisions.first_decision(gxj_caseworker(), second, "return", "发票复印件不清")
    corrected = applications.resubmit(
        gxj_caseworker(), second, enterprise(lines=[other | {"amount": "900000"}])
    )
    assert corrected.amount == Decimal("90000.00") and not corrected.flags.filter(code="CAP_REACHED").exists()
    bigger = applications.resubmit(
        gxj_caseworker(),
        _returned(corrected),
        enterprise(lines=[other | {"amount": "3000000"}]),
    )
    assert bigger.amount == Decimal("100000.00") and bigger.flags.filter(code="CAP_REACHED").exists()


def gxj_caseworker():
    from liangxin.accounts.models import User

    return User.objects.get(username="gxj_caseworker")


def _returned(app):
    from liangxin.subsidies.review import decisions

    decisions.first_decision(gxj_caseworker(), app, "return", "金额需核实")
    return Application.objects.get(pk=app.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so a race there proves nothing; CI runs this on PostgreSQL",
)
def test_concurrent_submissions_never_exceed_the_enterprise_cap():
    import threading

    from liangxin.demo.accounts import install_demo

    install_demo()
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    programme = Programme.objects.get(code="equipment-2025")
    barrier = threading.Barrier(6)
    errors = []

    def apply(i):
        try:
            barrier.wait()
            line = {
                "name": "机床",
                "quantity": 1,
                "invoice_number": f"2437200000000020000{i}",
                "amount": "2000000",
            }
            applications.submit(caseworker(), programme, enterprise(lines=[line]))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    total = sum(Application.objects.filter(programme=programme).values_list("amount", flat=True), Decimal(0))
    assert total == Decimal("500000.00")
