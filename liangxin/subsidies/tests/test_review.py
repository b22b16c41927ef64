"""Two-step review and the budget: never the same person twice, never more than the budget."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications, fields
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.test_applications import DEMO, row


def load():
    catalogue.load_file(DEMO, Plan.objects.get(code="taishan-2024"))
    return Programme.objects.get(code="appliance-2025")


def person(name):
    return User.objects.get(username=name)


def numbered(i: int) -> dict:
    ids = ["370902199001011235", "11010519491231002X", "370902198501017516"]
    return row(
        id_number=ids[i % 3],
        category=[
            "冰箱",
            "电视",
            "洗衣机",
            "电脑",
            "微波炉",
            "净水器",
            "洗碗机",
            "电饭煲",
            "热水器",
            "吸油烟机",
        ][i // 3 % 10],
        serial_number=f"SN{i:04d}",
        voucher_number=f"V{i:04d}",
        invoice_number=f"2437200000000000{i:04d}",
        phone=f"1380013{i:04d}",
        transaction_at=f"2025-06-{i % 28 + 1:02d} 10:00",
    )


@pytest.mark.django_db
class TestReview:
    def test_first_then_second_decision_commits_the_budget(self):
        appliance = load()
        app, _ = applications.submit(person("swj_clerk"), appliance, row())
        decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        done = decisions.second_decision(person("swj_approver"), app, "approve", "同意")
        assert done.status == "approved"
        assert Programme.objects.get(pk=appliance.pk).committed == Decimal("999.80")
        actions = list(
            AuditEntry.objects.filter(action__startswith="application.")
            .order_by("seq")
            .values_list("action", flat=True)
        )
        assert actions[-2:] == ["application.first.approve", "application.second.approve"]

    def test_the_same_person_cannot_decide_twice(self):
        appliance = load()
        both = User.objects.create(username="swj_both", department=person("swj_caseworker").department)
        both.role_assignments.create(role="caseworker")
        both.role_assignments.create(role="approver")
        app, _ = applications.submit(person("swj_clerk"), appliance, row())
        decisions.first_decision(both, app, "approve", "材料齐全")
        assert "second" not in access.allowed_actions(both, Application.objects.get(pk=app.pk))
        with pytest.raises(PermissionDenied, match="同一人"):
            decisions.second_decision(both, app, "approve", "同意")

    def test_whoever_entered_an_application_gives_neither_decision_on_it(self):
        """Maker–checker: the issue's case, a caseworker and approver who entered an application, another
        caseworker's first decision, and then the same person's final approval."""
        appliance = load()
        both = User.objects.create(username="swj_both", department=person("swj_caseworker").department)
        both.role_assignments.create(role="caseworker")
        both.role_assignments.create(role="approver")
        app, _ = applications.submit(both, appliance, row())
        assert not {"first", "second"} & access.allowed_actions(both, app)
        with pytest.raises(PermissionDenied, match="您录入或导入了这份申请"):
            decisions.first_decision(both, app, "approve", "材料齐全")
        decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        app = Application.objects.get(pk=app.pk)
        assert "second" not in access.allowed_actions(both, app)
        assert "second" in access.allowed_actions(person("swj_approver"), app)
        with pytest.raises(PermissionDenied, match="经办与审核分离"):
            decisions.second_decision(both, app, "approve", "同意")
        assert Application.objects.get(pk=app.pk).status == "first_approved"
        decisions.second_decision(person("swj_approver"), app, "approve", "同意")
        assert Application.objects.get(pk=app.pk).status == "approved"

    def test_whoever_imported_the_file_decides_none_of_its_applications(self, tmp_path):
        from liangxin.subsidies.imports import pipeline
        from liangxin.subsidies.tests.test_imports import rows, write_csv

        appliance = load()
        importer = person("swj_clerk")
        path = write_csv(tmp_path / "retailer.csv", rows(2))
        pipeline.run(importer, pipeline.start(importer, appliance, path), path)
        imported = list(Application.objects.filter(programme=appliance))
        assert len(imported) == 2
        for app in imported:
            assert "first" not in access.allowed_actions(importer, app)
            with pytest.raises(PermissionDenied, match="您录入或导入了这份申请"):
                decisions.first_decision(importer, app, "approve", "材料齐全")
            assert "first" in access.allowed_actions(person("swj_caseworker"), app)

    def test_roles_departments_reasons_and_order(self):
        appliance = load()
        app, _ = applications.submit(person("swj_clerk"), appliance, row())
        with pytest.raises(PermissionDenied):
            decisions.first_decision(person("swj_approver"), app, "approve", "x")
        with pytest.raises(decisions.ReviewError, match="审核须填写理由"):
            decisions.first_decision(person("swj_caseworker"), app, "approve", "")
        with pytest.raises(decisions.ReviewError, match="不能复审"):
            decisions.second_decision(person("swj_approver"), app, "approve", "同意")
        other = User.objects.create(username="gxj_case", department=person("gxj_reporter").department)
        other.role_assignments.create(role="caseworker")
        with pytest.raises(PermissionDenied, match="本部门主管项目"):
            decisions.first_decision(other, app, "approve", "x")

    def test_spent_budget_refuses_further_approvals_clearly(self):
        appliance = load()
        Programme.objects.filter(pk=appliance.pk).update(budget=Decimal("1500.00"))
        first, _ = applications.submit(person("swj_clerk"), appliance, numbered(0))
        second, _ = applications.submit(person("swj_clerk"), appliance, numbered(1))
        for app in (first, second):
            decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        decisions.second_decision(person("swj_approver"), first, "approve", "同意")
        with pytest.raises(decisions.ReviewError, match="预算不足.*不能再批准"):
            decisions.second_decision(person("swj_approver"), second, "approve", "同意")
        assert Application.objects.get(pk=second.pk).status == "first_approved"
        assert Programme.objects.get(pk=appliance.pk).committed == Decimal("999.80")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so a race there proves nothing; CI runs this on PostgreSQL",
)
def test_concurrent_approvals_never_commit_more_than_the_budget():
    from liangxin.demo.accounts import install_demo

    install_demo()
    appliance = load()
    apps = []
    for i in range(12):
        app, _ = applications.submit(person("swj_clerk"), appliance, numbered(i))
        decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        apps.append(app)
    amounts = sorted(a.amount for a in apps)
    budget = sum(amounts[:5], Decimal(0))
    Programme.objects.filter(pk=appliance.pk).update(budget=budget)
    approver = person("swj_approver")
    barrier = threading.Barrier(len(apps))
    outcomes = []

    def approve(app):
        try:
            barrier.wait()
            decisions.second_decision(approver, app, "approve", "同意")
            outcomes.append("ok")
        except decisions.ReviewError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    programme = Programme.objects.get(pk=appliance.pk)
    approved = Application.objects.filter(programme=programme, status="approved")
    assert programme.committed <= programme.budget
    assert programme.committed == sum((a.amount for a in approved), Decimal(0))
    assert outcomes.count("ok") == approved.count() >= 1 and "refused" in outcomes


@pytest.mark.django_db
def test_a_returned_application_is_corrected_and_goes_back_to_review():
    appliance = load()
    app, _ = applications.submit(person("swj_clerk"), appliance, row(price="4999.00"))
    with pytest.raises(fields.ApplicationInvalid, match="只有退回的申请可以补正"):
        applications.resubmit(person("swj_clerk"), app, row(price="3999.00"))
    decisions.first_decision(person("swj_caseworker"), app, "return", "发票金额与成交价格不符")
    fixed = applications.resubmit(person("swj_clerk"), app, row(price="3999.00"))
    assert fixed.status == "pending" and fixed.amount == Decimal("799.80") and not fixed.flags.exists()
    assert fixed.public_id == app.public_id
    assert applications.reveal(person("swj_caseworker"), fixed, "id_number", "核对") == "370902199001011235"
    decisions.first_decision(person("swj_caseworker"), fixed, "approve", "已补正")
    assert Application.objects.get(pk=app.pk).status == "first_approved"
