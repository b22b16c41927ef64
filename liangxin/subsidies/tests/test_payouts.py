"""Payouts pay once, only after a second finance officer reviewed the batch, and the ledger reconciles to
the cent."""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from liangxin.audit.models import AuditEntry
from liangxin.core import todo
from liangxin.core.errors import Invalid
from liangxin.notifications.models import Notification
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, PayoutBatch, PayoutItem, Programme
from liangxin.subsidies.payouts import batches
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.reviewed import reviewed
from liangxin.subsidies.tests.test_review import load, numbered, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    appliance = load()
    apps = []
    for i in range(3):
        app, _ = applications.submit(person("swj_clerk"), appliance, numbered(i))
        decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
        decisions.second_decision(person("swj_approver"), app, "approve", "同意")
        apps.append(app)
    return appliance, apps


def test_same_key_returns_the_same_batch_and_an_application_is_never_in_two(approved):
    appliance, apps = approved
    finance = person("czj_finance")
    batch, created = batches.build_batch(finance, appliance, "2025-12-bank-1")
    reviewed(batch)
    again, created_again = batches.build_batch(finance, appliance, "2025-12-bank-1")
    assert created and not created_again and batch.pk == again.pk
    with pytest.raises(batches.PayoutError, match="没有待拨付"):
        batches.build_batch(finance, appliance, "2025-12-bank-2")
    assert PayoutItem.objects.count() == 3


def test_a_key_used_for_one_programme_is_refused_for_another_and_builds_nothing(approved, client, api_token):
    """The same key with another body once answered 200 with the first programme's batch relabelled."""
    appliance, apps = approved
    headers = api_token("czj_finance")

    def create(programme: str):
        body = json.dumps({"programme": programme, "idempotency_key": "2025-12-bank-1"})
        return client.post("/api/v1/subsidy/payout-batches", body, content_type="application/json", **headers)

    first = create("appliance-2025")
    other = create("car-scrap-2025")
    assert other.status_code == 422
    assert other.json()["detail"].startswith("幂等键（idempotency_key）“2025-12-bank-1”已用于补贴项目")
    same = create("appliance-2025")
    assert first.status_code == 201 and same.status_code == 200 and same.json() == first.json()
    with pytest.raises(Invalid, match="不能再用于"):
        batches.build_batch(
            person("czj_finance"), Programme.objects.get(code="car-scrap-2025"), "2025-12-bank-1"
        )
    assert PayoutBatch.objects.count() == 1 and PayoutItem.objects.count() == len(apps)


def test_recording_paid_twice_pays_once_and_the_ledger_reconciles(approved):
    appliance, apps = approved
    finance = person("czj_finance")
    batch, _ = batches.build_batch(finance, appliance, "k1")
    reviewed(batch)
    for app in apps:
        batches.record_result(finance, batch, str(app.public_id), paid=True)
    batches.record_result(finance, batch, str(apps[0].public_id), paid=True)
    total = sum((a.amount for a in apps), Decimal(0))
    ledger = batches.ledger(appliance)
    assert ledger.paid == ledger.committed == total and ledger.reconciled
    assert ledger.remaining == Decimal("30000000.00") - total
    assert set(Application.objects.values_list("status", flat=True)) == {"paid"}


def test_a_failed_item_can_go_into_a_later_batch(approved):
    appliance, apps = approved
    finance = person("czj_finance")
    batch, _ = batches.build_batch(finance, appliance, "k1")
    reviewed(batch)
    batches.record_result(finance, batch, str(apps[0].public_id), paid=False, note="账户名不符")
    with pytest.raises(batches.PayoutError, match="不能再改"):
        batches.record_result(finance, batch, str(apps[0].public_id), paid=True)
    retry, _ = batches.build_batch(finance, appliance, "k2")
    reviewed(retry)
    assert [i.application_id for i in retry.items.all()] == [apps[0].pk]
    assert Programme.objects.get(pk=appliance.pk).paid == Decimal("0.00")


def test_bank_file_is_masked_for_a_payer_who_may_not_see_personal_data_and_only_finance_pays(
    approved, monkeypatch
):
    from liangxin.accounts import scope

    appliance, apps = approved
    with pytest.raises(PermissionDenied):
        batches.build_batch(person("swj_approver"), appliance, "k1")
    batch, _ = batches.build_batch(person("czj_finance"), appliance, "k1")
    reviewed(batch)
    monkeypatch.setitem(scope.PERMISSIONS, "payout.accounts", frozenset())
    workbook = load_workbook(io.BytesIO(batches.bank_file(person("czj_finance"), batch)))
    rows = list(workbook["拨付清单"].iter_rows(min_row=2, values_only=True))
    # the retailer is repaid: one row, its own credit code, bank and (masked) account
    assert len(rows) == 1 and rows[0][1:4] == (
        "泰山电器商城",
        "91370900MA3C00000P",
        "中国工商银行泰安分行营业部",
    )
    assert rows[0][4].startswith("1606") and "*" in rows[0][4] and rows[0][6] == 3
    detail = list(workbook["明细"].iter_rows(min_row=2, values_only=True))
    assert [d[0] for d in detail] == [a.number for a in apps] and detail[0][2] == "张*"


def test_the_plan_sees_the_money(approved, login):
    appliance, apps = approved
    total = sum((a.amount for a in apps), Decimal(0))
    page = login("leader").get("/plans/taishan-2024/dashboard/").content.decode()
    table = page[page.index('data-testid="money-table"') :]
    assert "2025年家电以旧换新补贴" in table and "30,000,000" in table and f"{total:,.2f}" in table
    indicator = login("swj_reporter").get("/plans/taishan-2024/indicators/t10-appliance-trade-in-events/")
    assert "2025年家电以旧换新补贴已批准 3 份" in indicator.content.decode()
    assert "money-table" not in login("swj_reporter").get("/plans/taishan-2024/dashboard/").content.decode()


def test_bank_file_has_whole_accounts_for_finance_and_is_audited(approved):
    from liangxin.audit.models import AuditEntry
    from liangxin.subsidies.tests.test_enterprise_and_farm import farm

    appliance, apps = approved
    farm_programme = Programme.objects.get(code="farm-machinery-2025")
    app, _ = applications.submit(person("swj_clerk"), farm_programme, farm())
    app.status = Application.Status.APPROVED
    app.save()
    batch, _ = batches.build_batch(person("czj_finance"), farm_programme, "farm-1")
    reviewed(batch)
    sheet = load_workbook(io.BytesIO(batches.bank_file(person("czj_finance"), batch)))["拨付清单"]
    header, row = list(sheet.iter_rows(values_only=True))
    assert header == tuple(batches.BANK_HEADERS)
    assert row[1:5] == ("李四", "11010519491231002X", "泰安农商银行", "6230510000123456789")
    assert row[5:] == (app.amount, 1, app.number)
    assert AuditEntry.objects.filter(action="export").latest("seq").after["unmasked"] is True


def test_the_bank_result_file_marks_items_and_reports_bad_rows(approved):
    from openpyxl import Workbook

    appliance, apps = approved
    finance = person("czj_finance")
    batch, _ = batches.build_batch(finance, appliance, "k1")
    reviewed(batch)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["申请编号", "结果", "备注"])
    sheet.append([str(apps[0].public_id), "成功", ""])
    sheet.append([str(apps[1].public_id), "失败", "账户已销户"])
    sheet.append([str(apps[2].public_id), "待定", ""])
    sheet.append(["00000000-0000-0000-0000-000000000000", "成功", ""])
    content = io.BytesIO()
    workbook.save(content)
    recorded = batches.record_results_file(finance, batch, content.getvalue())
    assert (recorded.paid, recorded.failed, recorded.unchanged) == (1, 1, 0)
    assert recorded.problems[0] == "第 4 行 结果：应为“成功”或“失败”，而不是“待定”"
    assert recorded.problems[1].startswith("第 5 行 申请编号：") and "不在本批次中" in recorded.problems[1]
    again = batches.record_results_file(finance, batch, content.getvalue())
    assert (again.paid, again.failed, again.unchanged) == (0, 0, 2)
    assert batches.ledger(appliance).paid == apps[0].amount and batches.ledger(appliance).reconciled


def test_money_is_shown_with_thousands_separators_and_to_the_fen():
    from liangxin.core.display import money

    assert [money(Decimal(v)) for v in ("30000000.00", "2999.4", "999.80", "0.05")] == [
        "30,000,000",
        "2,999.40",
        "999.80",
        "0.05",
    ]


def to_review(user) -> list[int]:
    return [t.count for g in todo.todos_for(user) for t in g.items if t.code == "to_review"]


def test_a_batch_is_reviewed_by_a_second_officer_before_the_bank_and_a_returned_one_frees_its_applications(
    approved,
):
    appliance, apps = approved
    maker, checker = person("czj_finance"), person("czj_checker")
    batch, _ = batches.build_batch(maker, appliance, "k1")
    [waiting] = Notification.objects.filter(kind="payout_waiting")
    assert waiting.recipient == checker and waiting.url == f"/subsidies/payouts/{batch.pk}/"
    assert waiting.text == f"{appliance.name}拨付批次 {batch.pk}（3 笔）待复核"
    assert to_review(checker) == [1] and to_review(maker) == [0]
    with pytest.raises(batches.PayoutError, match="复核通过后才能导出银行文件"):
        batches.bank_file(maker, batch)
    with pytest.raises(batches.PayoutError, match="复核通过后才能登记银行结果"):
        batches.record_result(maker, batch, str(apps[0].public_id), paid=True)
    with pytest.raises(batches.PayoutError, match="制单与复核须由两人分别完成"):
        batches.review_batch(maker, batch, approve=True)
    with pytest.raises(Invalid) as no_reason:
        batches.review_batch(checker, batch, approve=False, reason="  ")
    assert no_reason.value.problems[0].field == "reason"

    batches.review_batch(checker, batch, approve=False, reason="第 2 笔收款账号与发票抬头不符")
    assert set(batch.items.values_list("status", flat=True)) == {PayoutItem.Status.VOIDED}
    told = Notification.objects.get(kind="payout_reviewed")
    assert told.recipient == maker and told.text.endswith("被复核退回，请查看意见")
    assert (
        AuditEntry.objects.filter(action="payout.return").latest("seq").after["reason"].startswith("第 2 笔")
    )
    with pytest.raises(batches.PayoutError, match="已复核退回，不能再复核"):
        batches.review_batch(checker, batch, approve=True)
    again, _ = batches.build_batch(maker, appliance, "k2")  # the voided applications go into the next batch
    assert again.items.count() == 3
    batches.review_batch(checker, again, approve=True)
    assert batches.bank_file(maker, again)
    assert batches.ledger(appliance).reconciled


def test_the_payout_page_reviews_and_lists_the_batch_by_its_review(approved, login):
    appliance, apps = approved
    batch, _ = batches.build_batch(person("czj_finance"), appliance, "k1")
    maker = login("czj_finance")
    page = maker.get(f"/subsidies/payouts/{batch.pk}/").content.decode()
    assert "待复核" in page and "本批次由您生成，请由另一位财政人员复核" in page and "bank.xlsx" not in page
    early = maker.get(f"/subsidies/payouts/{batch.pk}/bank.xlsx")
    assert early.status_code == 302 and early["Location"] == f"/subsidies/payouts/{batch.pk}/"
    listed = maker.get("/subsidies/payouts/", {"status": "waiting"}).content.decode()
    assert f"批次 {batch.pk}" in listed
    checker = login("czj_checker")
    wrong = checker.post(f"/subsidies/payouts/{batch.pk}/review/", {"decision": "return", "reason": ""})
    assert wrong.status_code == 422 and "退回批次须写明理由" in wrong.content.decode()
    checker.post(f"/subsidies/payouts/{batch.pk}/review/", {"decision": "approve", "reason": "核对无误"})
    page = checker.get(f"/subsidies/payouts/{batch.pk}/").content.decode()
    assert "复核通过" in page and "核对无误" in page and "bank.xlsx" in page
    assert f"批次 {batch.pk}" not in maker.get("/subsidies/payouts/", {"status": "waiting"}).content.decode()
    assert f"批次 {batch.pk}" in maker.get("/subsidies/payouts/", {"status": "open"}).content.decode()
