"""The lists' API: an enterprise adds and submits its own entry, the lead department returns and accepts it,
the submitter withdraws it; the same checks as the form; each role sees only its own; the OpenAPI."""

import pytest

from liangxin.lists import entries
from liangxin.lists.tests.helpers import (
    CABLE_CODE,
    consumer_data,
    demo_units,  # noqa: F401 - a fixture
    equipment_data,
    person,
    supply_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def call(client, method, path, token, body=None):
    send = getattr(client, method)
    if body is None:
        return send(f"/api/v1{path}", **token)
    return send(f"/api/v1{path}", body, content_type="application/json", **token)


def test_a_supply_entry_through_the_api(client, api_token):
    enterprise, reviewer = api_token("enterprise"), api_token("gxj_reviewer")
    refused = call(client, "post", "/lists/supply", enterprise, supply_data(product="", price_min="1.123456"))
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"product", "price_min"}
    made = call(client, "post", "/lists/supply", enterprise, supply_data(unit=""))
    assert made.status_code == 201, made.content
    entry = made.json()
    assert entry["status"] == "draft" and entry["contact_phone"] == "139****1234" and entry["price_max"] == 48
    assert entry["actions"] == ["edit", "submit"]
    url = f"/lists/supply/{entry['id']}"
    assert (
        call(client, "patch", url, enterprise, {"capacity": "年产 400 台"}).json()["capacity"]
        == "年产 400 台"
    )
    assert call(client, "post", f"{url}/submit", enterprise, {}).json()["status"] == "submitted"
    assert call(client, "post", f"{url}/review", reviewer, {"decision": "return"}).status_code == 422
    returned = call(client, "post", f"{url}/review", reviewer, {"decision": "return", "note": "请补充认证"})
    assert returned.json()["status"] == "returned" and returned.json()["review_note"] == "请补充认证"
    call(client, "post", f"{url}/submit", enterprise, {})
    assert call(client, "post", f"{url}/review", enterprise, {"decision": "accept"}).status_code == 403
    accepted = call(client, "post", f"{url}/review", reviewer, {"decision": "accept"}).json()
    assert accepted["status"] == "accepted"
    assert [h["step"] for h in accepted["history"]] == [
        "create",
        "update",
        "submit",
        "return",
        "submit",
        "accept",
    ]
    assert call(client, "patch", url, enterprise, {"capacity": "1"}).status_code == 409
    assert (
        call(client, "post", f"{url}/withdraw", enterprise, {"reason": "停产"}).json()["status"]
        == "withdrawn"
    )
    assert call(client, "post", f"{url}/reveal", enterprise, {"reason": "核实联系人"}).status_code == 403
    assert call(client, "post", f"{url}/reveal", reviewer, {"reason": "核实联系人"}).json() == {
        "contact_phone": "13905381234"
    }


def test_each_role_sees_its_own(client, api_token):
    own = entries.create(person("enterprise"), "supply", supply_data())
    other = entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    listed = call(client, "get", "/lists/supply", api_token("enterprise")).json()
    assert [e["id"] for e in listed["items"]] == [own.pk] and listed["count"] == 1
    assert call(client, "get", f"/lists/supply/{other.pk}", api_token("enterprise")).status_code == 404
    assert call(client, "get", "/lists/supply", api_token("auditor")).json()["count"] == 2
    assert call(client, "get", "/lists/supply", api_token("gxj_caseworker")).status_code == 403
    assert call(
        client, "patch", f"/lists/supply/{other.pk}", api_token("leader"), {"capacity": "1"}
    ).status_code in (403, 404)


def test_the_demand_list_through_the_api(client, api_token):
    token = api_token("wjj_reporter")
    made = call(client, "post", "/lists/demand", token, equipment_data())
    assert (
        made.status_code == 201 and made.json()["wanted_by"] == "2026-06" and made.json()["field"] == "health"
    )
    wrong = call(client, "post", "/lists/demand", token, consumer_data(consumer_category="", quantity="0"))
    assert {e["field"] for e in wrong.json()["errors"]} >= {"consumer_category", "quantity"}
    found = call(client, "get", "/lists/demand?kind=equipment&q=CT", api_token("fgj_coordinator")).json()
    assert found["count"] == 1
    categories = call(client, "get", "/lists/supply-categories", api_token("enterprise")).json()
    assert {"code": "mining", "name": "矿山装备"} in categories


def test_the_lists_are_in_the_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/lists/supply",
        "/api/v1/lists/demand/{entry_id}/review",
        "/api/v1/lists/supply/{entry_id}/withdraw",
    } <= set(paths)
    assert paths["/api/v1/lists/demand"]["get"]["operationId"] == "liangxin_lists_api_list_demand"
