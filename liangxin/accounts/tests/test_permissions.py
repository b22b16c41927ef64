"""What a role is shown where its scope narrows a list or a page (the persona × route matrix of
liangxin/web/tests/test_persona_matrix.py says who may reach each route at all)."""

import pytest

pytestmark = pytest.mark.django_db

PLAN = "/plans/taishan-2024"


def test_denied_answers_carry_no_data(login):
    response = login("wjj_reporter").get(f"{PLAN}/departments/swj/")
    assert response.status_code == 404
    assert "区商务局" not in response.content.decode()


def test_reporter_sees_only_own_department_in_the_department_list(client, api_token):
    items = client.get("/api/v1/departments", **api_token("wjj_reporter")).json()["items"]
    assert [d["code"] for d in items] == ["wjj"]


def test_leader_sees_every_department(client, api_token):
    body = client.get("/api/v1/departments", **api_token("leader")).json()
    assert body["count"] == len(body["items"]) > 30


def test_lists_are_paginated_with_limit_and_offset(client, api_token):
    headers = api_token("leader")
    first = client.get("/api/v1/departments?limit=5", **headers).json()
    second = client.get("/api/v1/departments?limit=5&offset=5", **headers).json()
    assert len(first["items"]) == len(second["items"]) == 5
    assert first["count"] == second["count"] > 10
    assert not {d["code"] for d in first["items"]} & {d["code"] for d in second["items"]}
