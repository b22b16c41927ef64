"""The matching pages and API: candidates with reasons and the buttons to mark, marking from a page and
from the API, the 对接 list with its filters, pages and Excel, one match with its history."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from liangxin.lists.matching import matches
from liangxin.lists.tests.matching_world import demand, own_unit, person, supply, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return (
        demand(unit("泰山区人民医院", department="wjj"), "更新电力电缆"),
        supply(unit("泰安电缆"), "交联聚乙烯电力电缆", certifications="CCC"),
    )


def test_a_demand_s_candidates_with_reasons_and_the_mark_buttons(login, pair):
    need, offer = pair
    page = login("wjj_reporter").get(f"/lists/matches/for-demand/{need.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "交联聚乙烯电力电缆" in text and "同属类别“输变电及电线电缆”" in text and "已获认证：CCC" in text
    assert 'data-action="mark"' in text
    assert (
        'data-action="mark"'
        not in login("leader").get(f"/lists/matches/for-demand/{need.pk}/").content.decode()
    )


def test_marking_from_the_candidates_page(login, pair):
    need, offer = pair
    client = login("wjj_reporter")
    answer = client.post(f"/lists/matches/for-demand/{need.pk}/", {"supply": offer.pk, "state": "contacted"})
    assert answer.status_code == 302
    match = need.matches.get()
    assert match.state == "contacted"
    page = client.get(f"/lists/matches/for-demand/{need.pk}/").content.decode()
    assert 'data-testid="match-state"' in page
    refused = client.post(f"/lists/matches/for-demand/{need.pk}/", {"supply": offer.pk, "state": "signed"})
    assert refused.status_code == 422 and "签约金额" in refused.content.decode()
    assert (
        client.post(f"/lists/matches/for-demand/{need.pk}/", {"supply": "", "state": "contacted"}).status_code
        == 422
    )


def test_a_supply_entry_s_demands_and_marking_by_its_enterprise(login):
    offer = supply(own_unit(), "电力电缆")
    need = demand(unit("泰山区人民医院"), "更新电力电缆")
    client = login("enterprise")
    page = client.get(f"/lists/matches/for-supply/{offer.pk}/").content.decode()
    assert "更新电力电缆" in page and 'data-action="mark"' in page
    assert (
        client.post(
            f"/lists/matches/for-supply/{offer.pk}/", {"demand": need.pk, "state": "intention"}
        ).status_code
        == 302
    )
    assert need.matches.get().state == "intention"


def test_an_unpublished_entry_of_another_is_404_to_an_enterprise(login):
    hidden = demand(unit("医院"), "电缆", status="submitted")
    assert login("enterprise").get(f"/lists/matches/for-demand/{hidden.pk}/").status_code == 404


def test_the_match_page_moves_the_state(login, pair):
    match = matches.mark(person("fgj_coordinator"), *pair, "contacted")
    client = login("gxj_reviewer")
    page = client.get(f"/lists/matches/{match.pk}/").content.decode()
    assert "已联系" in page and 'data-action="mark"' in page
    answer = client.post(
        f"/lists/matches/{match.pk}/state/", {"state": "signed", "value": "88", "on": "2025-05-01"}
    )
    assert answer.status_code == 302
    match.refresh_from_db()
    assert (match.state, str(match.value), match.signed_on) == ("signed", "88.0000", date(2025, 5, 1))
    assert (
        client.post(f"/lists/matches/{match.pk}/state/", {"state": "closed", "note": "违约"}).status_code
        == 409
    )


def test_the_list_filters_pages_and_exports(login, pair):
    need, offer = pair
    matches.mark(person("fgj_coordinator"), need, offer, "signed", value="50", on=date(2025, 3, 1))
    other = supply(unit("泰安机械"), "液压挖掘机", code="construction-machinery")
    matches.mark(person("fgj_coordinator"), demand(unit("学校"), "挖掘机", code=None), other, "contacted")
    client = login("leader")
    listed = client.get("/lists/matches/?state=signed").content.decode()
    assert "更新电力电缆" in listed and "挖掘机</a>" not in listed
    assert "液压挖掘机" in client.get("/lists/matches/?category=construction-machinery").content.decode()
    assert "液压挖掘机" in client.get("/lists/matches/?q=泰安机械").content.decode()
    assert 'data-testid="pager"' in listed
    sheet = load_workbook(io.BytesIO(client.get("/lists/matches/export.xlsx?state=signed").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("需求", "需求单位", "产品")
    assert [r[5] for r in rows[1:]] == ["签约"] and rows[1][6] == 50


def test_the_api_candidates_matches_and_marking(client, api_token, pair):
    need, offer = pair
    headers = api_token("wjj_reporter")
    found = client.get(f"/api/v1/lists/demand/{need.pk}/candidates", **headers).json()
    assert found[0]["supply"]["id"] == offer.pk and found[0]["match_state"] is None
    assert found[0]["reasons"][0].startswith("同属类别")
    made = client.post(
        "/api/v1/lists/matches",
        json.dumps({"demand": need.pk, "supply": offer.pk, "state": "contacted"}),
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 200 and made.json()["next_states"] == ["intention", "signed", "closed"]
    match_id = made.json()["id"]
    moved = client.post(
        f"/api/v1/lists/matches/{match_id}/state",
        json.dumps({"state": "signed", "value": 12.5, "on": "2025-04-01"}),
        content_type="application/json",
        **headers,
    )
    assert moved.json()["value"] == 12.5 and [s["to_state"] for s in moved.json()["steps"]] == [
        "contacted",
        "signed",
    ]
    listed = client.get("/api/v1/lists/matches?state=signed", **headers).json()
    assert listed["count"] == 1
    back = client.get(f"/api/v1/lists/supply/{offer.pk}/candidates", **headers).json()
    assert back[0]["demand"]["id"] == need.pk and back[0]["match_state"] == "signed"
    refused = client.post(
        f"/api/v1/lists/matches/{match_id}/state",
        json.dumps({"state": "closed", "note": "对方违约"}),
        content_type="application/json",
        **api_token("nyncj_reporter"),
    )
    assert refused.status_code == 404  # outside nyncj's matches


def test_an_entry_s_page_shows_its_best_candidates_and_recorded_matches(login, pair):
    need, offer = pair
    matches.mark(person("fgj_coordinator"), need, offer, "intention")
    demand_page = login("wjj_reporter").get(f"/lists/demand/{need.pk}/").content.decode()
    assert 'data-testid="matching"' in demand_page
    assert "同属类别“输变电及电线电缆”" in demand_page and 'data-testid="recorded"' in demand_page
    supply_page = login("gxj_reporter").get(f"/lists/supply/{offer.pk}/").content.decode()
    assert "更新电力电缆" in supply_page and "意向" in supply_page
