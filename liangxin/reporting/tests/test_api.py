"""The reporting API as a department's client would use it."""

import json

import pytest

pytestmark = pytest.mark.django_db

BASE = "/api/v1/plans/taishan-2024"
SUB = f"{BASE}/periods/2026-11/submissions"


def call(client, method, url, headers, body=None):
    kwargs = (
        {"content_type": "application/json", "data": json.dumps(body, ensure_ascii=False)}
        if body is not None
        else {}
    )
    return getattr(client, method)(url, **kwargs, **headers)


@pytest.fixture
def tokens(api_token, client):
    names = ["fgj_coordinator", "wjj_reporter", "wjj_reviewer", "gxj_reporter", "leader"]
    found = {name: api_token(name) for name in names}
    client.logout()
    return found


@pytest.fixture
def period(client, tokens):
    response = call(
        client,
        "post",
        f"{BASE}/periods",
        tokens["fgj_coordinator"],
        {"period": "2026-11", "deadline": "2026-12-05"},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_open_and_list_periods(client, tokens, period):
    assert (
        period["label"] == "2026年11月" and period["start"] == "2026-11-01" and period["end"] == "2026-11-30"
    )
    listing = call(client, "get", f"{BASE}/periods", tokens["leader"]).json()
    assert listing["count"] == 1 and listing["items"][0]["period"] == "2026-11"
    again = call(
        client,
        "post",
        f"{BASE}/periods",
        tokens["fgj_coordinator"],
        {"period": "2026-11", "deadline": "2026-12-05"},
    )
    assert again.status_code == 409 and "已存在" in again.json()["detail"]
    denied = call(
        client,
        "post",
        f"{BASE}/periods",
        tokens["wjj_reporter"],
        {"period": "2026-12", "deadline": "2027-01-05"},
    )
    assert denied.status_code == 403


def test_put_submit_approve_return_resubmit_accept(client, tokens, period):
    body = {
        "values": {"t08-medical-equipment-renewal": 260, "t08-health-it-facility-renewal": 215.5},
        "notes": {"t08-medical-equipment-renewal": "含村卫生室设备"},
        "narratives": {"8": {"progress": "完成CT更新", "problems": "", "next_steps": "推进病房改造"}},
    }
    saved = call(client, "put", f"{SUB}/wjj", tokens["wjj_reporter"], body)
    assert saved.status_code == 200, saved.content
    data = saved.json()
    assert data["status"] == "draft" and data["version"] == 1
    assert data["values"]["t08-medical-equipment-renewal"] == 260
    assert data["values"]["t08-health-it-facility-renewal"] == 215.5
    assert data["narratives"]["8"]["next_steps"] == "推进病房改造"
    assert call(client, "post", f"{SUB}/wjj/submit", tokens["wjj_reporter"]).json()["status"] == "submitted"
    assert call(client, "post", f"{SUB}/wjj/approve", tokens["wjj_reviewer"]).json()["status"] == "approved"
    returned = call(
        client, "post", f"{SUB}/wjj/return", tokens["fgj_coordinator"], {"comment": "请核实信息化设施数量"}
    )
    assert returned.json()["status"] == "returned"
    seen = call(client, "get", f"{SUB}/wjj", tokens["wjj_reporter"]).json()
    assert seen["comments"][-1]["comment"] == "请核实信息化设施数量"
    call(
        client,
        "put",
        f"{SUB}/wjj",
        tokens["wjj_reporter"],
        {"values": {"t08-health-it-facility-renewal": 215}},
    )
    call(client, "post", f"{SUB}/wjj/submit", tokens["wjj_reporter"])
    call(client, "post", f"{SUB}/wjj/approve", tokens["wjj_reviewer"])
    final = call(client, "post", f"{SUB}/wjj/accept", tokens["fgj_coordinator"]).json()
    assert final["status"] == "accepted"
    assert final["values"] == {"t08-medical-equipment-renewal": 260, "t08-health-it-facility-renewal": 215}


def test_invalid_values_get_422_with_a_message_per_indicator(client, tokens, period):
    response = call(
        client,
        "put",
        f"{SUB}/wjj",
        tokens["wjj_reporter"],
        {"values": {"t08-medical-equipment-renewal": "很多", "t08-ward-renovation-projects": -2}},
    )
    assert response.status_code == 422
    errors = {e["indicator"]: e["message"] for e in response.json()["errors"]}
    assert errors == {
        "t08-medical-equipment-renewal": "卫生健康领域医疗装备更新换代量：数值“很多”不是数值",
        "t08-ward-renovation-projects": "医疗机构病房改造提升项目：数值不能为负数",
    }


def test_reporter_cannot_read_or_write_another_departments_submission(client, tokens, period):
    assert call(client, "get", f"{SUB}/gxj", tokens["wjj_reporter"]).status_code == 404
    assert call(client, "put", f"{SUB}/gxj", tokens["wjj_reporter"], {"values": {}}).status_code == 404
    assert call(client, "post", f"{SUB}/gxj/submit", tokens["wjj_reporter"]).status_code == 404
    assert call(client, "get", f"{SUB}/gxj", tokens["leader"]).status_code == 200


def test_wrong_step_is_a_409_in_chinese(client, tokens, period):
    response = call(client, "post", f"{SUB}/wjj/accept", tokens["fgj_coordinator"])
    assert response.status_code == 409 and "不能采纳" in response.json()["detail"]


def test_closed_period_refuses_writes(client, tokens, period):
    closed = call(client, "post", f"{BASE}/periods/2026-11/close", tokens["fgj_coordinator"])
    assert closed.json()["status"] == "closed"
    response = call(
        client, "put", f"{SUB}/wjj", tokens["wjj_reporter"], {"values": {"t08-medical-equipment-renewal": 1}}
    )
    assert response.status_code == 409 and "已关闭" in response.json()["detail"]


def test_reporting_endpoints_are_in_the_openapi_schema(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert "/api/v1/plans/{code}/periods/{period}/submissions/{department}/submit" in paths
    assert "/api/v1/plans/{code}/periods/{period}/close" in paths


def test_malformed_bodies_get_chinese_messages_with_the_field(client, tokens, period):
    response = call(
        client, "put", f"{SUB}/wjj", tokens["wjj_reporter"], {"notes": {"t08-medical-equipment-renewal": 5}}
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error == {"field": "notes.t08-medical-equipment-renewal", "message": "应为文本"}
    bad_date = call(
        client,
        "post",
        f"{BASE}/periods",
        tokens["fgj_coordinator"],
        {"period": "2026-12", "deadline": "明天"},
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"][0]["message"] == "应为日期（YYYY-MM-DD）"


def test_reading_a_department_that_owes_no_report_creates_nothing(client, tokens, period):
    from liangxin.reporting.models import Submission

    before = Submission.objects.count()
    assert call(client, "get", f"{SUB}/dmjd", tokens["leader"]).status_code == 404
    assert Submission.objects.count() == before
