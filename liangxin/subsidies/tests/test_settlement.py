"""Who is paid (issue 11 D.11): each programme settles with the applicant or with the retailer, and the
bank file names one party per row, its name, bank and account together; a batch is confirmed after
seeing its count and total, and has its own page. And the reveal in place (D.8)."""

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, PayoutBatch, Programme
from liangxin.subsidies.payouts import batches, settlement
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.reviewed import reviewed
from liangxin.subsidies.tests.test_enterprise_and_farm import farm
from liangxin.subsidies.tests.test_review import load, numbered, person

pytestmark = pytest.mark.django_db


def approve(app):
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    decisions.second_decision(person("swj_approver"), app, "approve", "同意审核意见")
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def appliance_paid_to_shops():
    appliance = load()
    shops = ["泰山电器商城", "泰山电器商城", "岱宗家电城", "泰山电器商城"]
    made = [
        approve(applications.submit(person("swj_clerk"), appliance, numbered(i) | {"retailer": shop})[0])
        for i, shop in enumerate(shops)
    ]
    return appliance, made


def test_every_kind_has_a_settlement_and_the_demo_file_loads_them():
    assert set(settlement.SETTLEMENT_BY_KIND) == set(Programme.Kind.values)
    assert all(code in settlement.SETTLEMENTS for code in settlement.SETTLEMENT_BY_KIND.values())
    assert all(settlement.SETTLEMENTS[c].label for c in Programme.Settlement.values)
    load()
    kinds = dict(Programme.objects.values_list("kind", "settlement"))
    assert kinds["appliance"] == "retailer" and kinds["car_scrap"] == kinds["equipment"] == "applicant"
    assert "泰山电器商城" in settlement.retailer_accounts(Programme.objects.get(code="appliance-2025"))


def test_the_programme_page_and_api_say_who_is_paid(login, client, api_token):
    load()
    page = login("czj_finance").get("/subsidies/programmes/appliance-2025/").content.decode()
    shown = page[page.index('data-testid="settlement"') :]
    assert "与销售商户结算" in shown and "已登记收款账户的销售商户 8 家" in shown and "1606" not in shown
    one = client.get("/api/v1/subsidy/programmes/car-scrap-2025", **api_token("czj_finance")).json()
    assert one["settlement"] == "applicant"


def test_retailer_settlement_pays_each_retailer_once_with_its_own_account(appliance_paid_to_shops):
    appliance, made = appliance_paid_to_shops
    batch, _ = batches.build_batch(person("czj_finance"), appliance, "shops-1")
    reviewed(batch)
    workbook = load_workbook(io.BytesIO(batches.bank_file(person("czj_finance"), batch)))
    header, *rows = list(workbook["拨付清单"].iter_rows(values_only=True))
    assert header == tuple(batches.BANK_HEADERS)
    by_payee = {r[1]: r for r in rows}
    assert set(by_payee) == {"泰山电器商城", "岱宗家电城"}
    taishan = by_payee["泰山电器商城"]
    # name, code, bank and account of the same party: never the consumer's ID next to the shop's name
    assert taishan[2:5] == ("91370900MA3C00000P", "中国工商银行泰安分行营业部", "16060202400000000")
    assert (
        Decimal(str(taishan[5])) == sum((made[i].amount for i in (0, 1, 3)), Decimal(0)) and taishan[6] == 3
    )
    assert "随销售商户结算" not in str(rows) and all(r[3] and r[4] for r in rows)
    detail = list(workbook["明细"].iter_rows(min_row=2, values_only=True))
    assert sorted(d[0] for d in detail) == sorted(a.number for a in made)
    assert {d[0]: d[1] for d in detail}[made[2].number] == "岱宗家电城"


def test_a_batch_naming_a_retailer_without_an_account_is_refused_naming_it(appliance_paid_to_shops):
    appliance, made = appliance_paid_to_shops
    late = approve(
        applications.submit(person("swj_clerk"), appliance, numbered(9) | {"retailer": "无名小店"})[0]
    )
    with pytest.raises(batches.PayoutError, match="以下销售商户未登记收款账户.*无名小店"):
        batches.build_batch(person("czj_finance"), appliance, "shops-2")
    assert not PayoutBatch.objects.exists()
    assert "无名小店" in batches.preview(person("czj_finance"), appliance).problems[0]
    assert late.number


def test_applicant_settlement_pays_the_applicant_and_refuses_one_without_an_account():
    load()
    programme = Programme.objects.get(code="farm-machinery-2025")
    paid = approve_status(applications.submit(person("swj_caseworker"), programme, farm())[0])
    batch, _ = batches.build_batch(person("czj_finance"), programme, "farm-ok")
    reviewed(batch)
    row = list(load_workbook(io.BytesIO(batches.bank_file(person("czj_finance"), batch)))["拨付清单"].values)[
        1
    ]
    assert row[1:5] == ("李四", "11010519491231002X", "泰安农商银行", "6230510000123456789")
    assert row[7] == paid.number
    Application.objects.filter(pk=paid.pk).update(status="paid")
    other = approve_status(
        applications.submit(
            person("swj_caseworker"), programme, farm(serial_number="TL-2016-0001", scrap_certificate="NJ-9")
        )[0]
    )
    Application.objects.filter(pk=other.pk).update(bank_account_enc="")
    with pytest.raises(batches.PayoutError, match=f"未填写开户银行或收款账号.*{other.number}"):
        batches.build_batch(person("czj_finance"), programme, "farm-2")


def approve_status(app):
    Application.objects.filter(pk=app.pk).update(status=Application.Status.APPROVED)
    return Application.objects.get(pk=app.pk)


def test_a_programme_file_names_its_settlement_and_retailers_with_paths():
    from liangxin.subsidies.programmes.errors import ProgrammeInvalid

    entry = catalogue.entry_data(load())
    entry["retailers"] = [{"name": "某店", "bank": "", "account": "12ab"}]
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate({"programmes": [entry]})
    paths = {p.path for p in caught.value.problems}
    assert {"programmes[0].retailers[0].bank", "programmes[0].retailers[0].account"} <= paths


def test_the_batch_is_confirmed_after_its_count_and_total_and_has_its_own_page(
    appliance_paid_to_shops, login
):
    appliance, made = appliance_paid_to_shops
    finance = login("czj_finance")
    listing = finance.get("/subsidies/payouts/").content.decode()
    assert "/subsidies/payouts/new/appliance-2025/" in listing
    confirm = finance.get("/subsidies/payouts/new/appliance-2025/").content.decode()
    total = sum((a.amount for a in made), Decimal(0))
    assert 'data-testid="payout-count">4<' in confirm and f"{total:,.2f}" in confirm
    assert "泰山电器商城" in confirm and 'data-action="payout-confirm"' in confirm
    assert not PayoutBatch.objects.exists()  # looking builds nothing
    key = confirm.split('name="idempotency_key" value="')[1].split('"')[0]
    done = finance.post("/subsidies/payouts/new/", {"programme": "appliance-2025", "idempotency_key": key})
    batch = PayoutBatch.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/subsidies/payouts/{batch.pk}/"
    page = finance.get(done["Location"]).content.decode()
    assert all(a.number in page for a in made) and 'data-testid="batch-count">4<' in page
    assert "16060202400000000" not in page  # accounts masked on the page
    assert login("swj_caseworker").get(f"/subsidies/payouts/{batch.pk}/").status_code == 403


def test_a_confirmation_with_a_problem_offers_no_button(appliance_paid_to_shops, login):
    appliance, _ = appliance_paid_to_shops
    Programme.objects.filter(pk=appliance.pk).update(retailers=[])
    page = login("czj_finance").get("/subsidies/payouts/new/appliance-2025/").content.decode()
    assert "以下销售商户未登记收款账户" in page and 'data-action="payout-confirm"' not in page


def test_the_bank_result_file_may_name_applications_by_number(appliance_paid_to_shops):
    from openpyxl import Workbook

    appliance, made = appliance_paid_to_shops
    batch, _ = batches.build_batch(person("czj_finance"), appliance, "shops-3")
    reviewed(batch)
    workbook = Workbook()
    workbook.active.append(batches.RESULT_HEADERS)
    workbook.active.append([made[0].number, "成功", ""])
    content = io.BytesIO()
    workbook.save(content)
    recorded = batches.record_results_file(person("czj_finance"), batch, content.getvalue())
    assert recorded.paid == 1 and Application.objects.get(pk=made[0].pk).status == "paid"


def test_after_a_reveal_the_page_still_offers_the_first_decision(login):
    app, _ = applications.submit(person("swj_clerk"), load(), numbered(0))
    client = login("swj_caseworker")
    url = f"/subsidies/applications/{app.public_id}/"
    before = client.get(url).content.decode()
    assert 'data-action="first"' in before
    shown = client.post(f"{url}reveal/", {"field": "id_number", "reason": "核对申请人身份"}).content.decode()
    assert 'data-testid="revealed"' in shown and numbered(0)["id_number"] in shown
    assert 'data-action="first"' in shown and 'data-action="reveal"' in shown
    assert f'data-testid="number">{app.number}<' in shown and 'data-testid="flags"' in shown


def car(**changes) -> dict:
    return {
        "name": "王五",
        "id_number": "370902198501017516",
        "phone": "13800138001",
        "vin": "1M8GDM9AXKP042788",
        "scrap_certificate": "BF2025000001",
        "vehicle_type": "新能源乘用车",
        "invoice_number": "24372000000000009999",
        "transaction_at": "2025-06-18 14:30",
        "bank_name": "中国建设银行泰安分行",
        "bank_account": "6217 0038 0000 0000 123",
    } | changes


def test_a_car_programme_s_batch_pays_the_applicant_into_the_account_given(client, api_token):
    load()
    programme = Programme.objects.get(code="car-scrap-2025")
    paid = approve_status(applications.submit(person("swj_caseworker"), programme, car())[0])
    batch, _ = batches.build_batch(person("czj_finance"), programme, "car-ok")
    reviewed(batch)
    told = []
    content = batches.bank_file(
        person("czj_finance"), batch, progress=lambda done, total: told.append((done, total))
    )
    assert told and told[0] == (0, batch.items.count())  # a big file's job page shows how far it got
    rows = list(load_workbook(io.BytesIO(content))["拨付清单"].values)
    assert len(rows) == 2
    assert rows[1][1:5] == ("王五", "370902198501017516", "中国建设银行泰安分行", "6217003800000000123")
    assert Decimal(str(rows[1][5])) == paid.amount == Decimal("20000.00") and rows[1][7] == paid.number


def test_a_car_application_without_an_account_is_refused_naming_the_fields(client, api_token, login):
    """The form, the API and the domain function ask a car applicant for the account they are paid into."""
    load()
    code = "car-replace-2025"
    without = car(scrap_certificate="", bank_name="", bank_account="")
    with pytest.raises(applications.ApplicationInvalid) as caught:
        applications.submit(person("swj_caseworker"), Programme.objects.get(code=code), without)
    assert "开户银行：必填" in str(caught.value) and "收款账号：必填" in str(caught.value)
    answer = client.post(
        "/api/v1/subsidy/applications",
        json.dumps(without | {"programme": code}, ensure_ascii=False),
        content_type="application/json",
        **api_token("swj_caseworker"),
    )
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"bank_name", "bank_account"}
    clerk = login("swj_caseworker")
    form = clerk.get(f"/subsidies/applications/new/{code}/").content.decode()
    assert "开户银行 *" in form and "收款账号 *" in form
    refused = clerk.post(f"/subsidies/applications/new/{code}/", without)
    assert refused.status_code == 422 and "必填" in refused.content.decode()
    assert not Application.objects.exists()
    done = clerk.post(f"/subsidies/applications/new/{code}/", car(scrap_certificate=""), follow=True)
    assert Application.objects.get().bank_account_masked == "621700*********0123", done.content.decode()[:300]
