"""The subsidy API: scope, masks, idempotent create, review decisions and payouts."""

import json

import pytest

from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_review import load

pytestmark = pytest.mark.django_db
APPS = "/api/v1/subsidy/applications"


def post(client, url, headers, body):
    return client.post(
        url, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **headers
    )


@pytest.fixture
def tokens(api_token, client):
    load()
    names = ["swj_caseworker", "swj_approver", "czj_finance", "gxj_reporter", "enterprise", "leader"]
    found = {n: api_token(n) for n in names}
    client.logout()
    return found


def test_create_is_masked_idempotent_and_validated(client, tokens):
    body = row() | {"programme": "appliance-2025"}
    created = post(client, APPS, tokens["swj_caseworker"], body)
    assert created.status_code == 201
    data = created.json()
    assert (
        data["id_number"] == "3709**********1235" and data["phone"] == "138****8000" and data["name"] == "张*"
    )
    assert data["amount"] == 999.8
    again = post(client, APPS, tokens["swj_caseworker"], body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    bad = post(
        client,
        APPS,
        tokens["swj_caseworker"],
        body | {"id_number": "370902199001011234", "serial_number": ""},
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"id_number", "serial_number"}


def test_lists_filter_and_scope(client, tokens):
    post(client, APPS, tokens["swj_caseworker"], row() | {"programme": "appliance-2025"})
    post(
        client,
        APPS,
        tokens["swj_caseworker"],
        row(serial_number="X2", voucher_number="V2")
        | {"programme": "appliance-2025", "invoice_number": "24372000000000000001"},
    )
    listing = client.get(f"{APPS}?programme=appliance-2025", **tokens["leader"]).json()
    assert listing["count"] == 2
    flagged = client.get(f"{APPS}?flag=DUP_INVOICE", **tokens["swj_caseworker"]).json()
    assert flagged["count"] == 1 and flagged["items"][0]["status"] == "flagged"
    assert client.get(APPS, **tokens["gxj_reporter"]).status_code == 403
    assert client.get(APPS, **tokens["enterprise"]).json()["count"] == 0
    one = listing["items"][0]["id"]
    assert client.get(f"{APPS}/{one}", **tokens["enterprise"]).status_code == 404
    programmes = client.get("/api/v1/subsidy/programmes", **tokens["swj_caseworker"]).json()
    assert {p["code"] for p in programmes["items"]} == {
        "appliance-2025",
        "car-scrap-2025",
        "car-replace-2025",
    }


def test_review_and_payout_through_the_api(client, tokens):
    app = post(client, APPS, tokens["swj_caseworker"], row() | {"programme": "appliance-2025"}).json()
    first = post(
        client,
        f"{APPS}/{app['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "材料齐全"},
    )
    assert first.json()["status"] == "first_approved"
    same_person = post(
        client,
        f"{APPS}/{app['id']}/second-decision",
        tokens["swj_caseworker"],
        {"outcome": "approve", "reason": "同意"},
    )
    assert same_person.status_code == 403
    second = post(
        client,
        f"{APPS}/{app['id']}/second-decision",
        tokens["swj_approver"],
        {"outcome": "approve", "reason": "同意"},
    )
    assert second.json()["status"] == "approved"
    batch = post(
        client,
        "/api/v1/subsidy/payout-batches",
        tokens["czj_finance"],
        {"programme": "appliance-2025", "idempotency_key": "bank-2025-12-01"},
    )
    assert batch.status_code == 201 and len(batch.json()["items"]) == 1
    repeat = post(
        client,
        "/api/v1/subsidy/payout-batches",
        tokens["czj_finance"],
        {"programme": "appliance-2025", "idempotency_key": "bank-2025-12-01"},
    )
    assert repeat.status_code == 200 and repeat.json()["id"] == batch.json()["id"]
    url = f"/api/v1/subsidy/payout-batches/{batch.json()['id']}/results"
    paid = post(client, url, tokens["czj_finance"], {"application": app["id"], "paid": True})
    paid_again = post(client, url, tokens["czj_finance"], {"application": app["id"], "paid": True})
    assert paid.json()["ledger"] == paid_again.json()["ledger"]
    assert paid_again.json()["ledger"]["paid"] == 999.8 and paid_again.json()["ledger"]["reconciled"] is True


def test_returned_application_is_corrected_through_the_api(client, tokens):
    app = post(client, APPS, tokens["swj_caseworker"], row() | {"programme": "appliance-2025"}).json()
    post(
        client,
        f"{APPS}/{app['id']}/first-decision",
        tokens["swj_caseworker"],
        {"outcome": "return", "reason": "价格需核实"},
    )
    fixed = post(client, f"{APPS}/{app['id']}/resubmit", tokens["swj_caseworker"], row(price="3999.00"))
    assert (
        fixed.status_code == 200 and fixed.json()["status"] == "pending" and fixed.json()["amount"] == 799.8
    )
    again = post(client, f"{APPS}/{app['id']}/resubmit", tokens["swj_caseworker"], row(price="3999.00"))
    assert again.status_code == 422 and "只有退回的申请可以补正" in again.json()["errors"][0]["message"]
