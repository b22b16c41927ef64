"""A domain error that a page does not handle itself becomes a Chinese page with its status; over the API
the same kind of error becomes the same status with a Chinese `detail`."""

import pytest

from liangxin.web.tests.error_urls import ERRORS

pytestmark = pytest.mark.django_db


@pytest.mark.urls("liangxin.web.tests.error_urls")
@pytest.mark.parametrize(
    ("kind", "status", "title"),
    [("not-found", 404, "不存在"), ("conflict", 409, "当前无法办理"), ("invalid", 422, "内容有误")],
)
def test_a_domain_error_a_page_left_alone_becomes_a_chinese_page_with_its_status(login, kind, status, title):
    response = login("swj_caseworker").get(f"/test-errors/{kind}/")
    page = response.content.decode()
    assert response.status_code == status
    assert f"<title>{title}" in page and ERRORS[kind].message in page
    for problem in ERRORS[kind].problems:
        assert f"第 {problem.row} 行：{problem.message}" in page


def test_the_api_turns_a_workflow_conflict_into_409_with_the_chinese_reason(client, api_token):
    coordinator = api_token("fgj_coordinator")
    path = "/api/v1/plans/taishan-2024/periods"
    body = {"period": "2026-09", "deadline": "2026-10-05"}
    first = client.post(path, body, content_type="application/json", **coordinator)
    again = client.post(path, body, content_type="application/json", **coordinator)
    assert first.status_code in (201, 409)
    assert again.status_code == 409
    assert again.json() == {"detail": "2026年9月的填报期已存在"}


@pytest.mark.urls("liangxin.web.tests.error_urls")
def test_a_page_that_crashes_shows_a_chinese_page_with_the_request_id_the_log_carries(login, caplog):
    client = login("swj_caseworker")
    client.raise_request_exception = False
    response = client.get("/test-errors/crash/")
    request_id = response["X-Request-ID"]
    assert response.status_code == 500 and len(request_id) == 16
    assert "服务器内部错误" in response.content.decode() and request_id in response.content.decode()
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert logged and all(r.request_id == request_id for r in logged)


def test_an_api_crash_answers_json_with_the_request_id_the_log_carries(
    client, api_token, monkeypatch, caplog
):
    from liangxin.plans import api as plans_api

    def broken(plan):
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr(plans_api, "export_plan", broken)
    response = client.get("/api/v1/plans/taishan-2024", **api_token("fgj_coordinator"))
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert response.json() == {
        "detail": "服务器内部错误，请把请求编号告诉系统管理员",
        "request_id": request_id,
    }
    logged = [r for r in caplog.records if r.name == "liangxin.api"]
    assert logged and logged[0].request_id == request_id and logged[0].exc_info


def test_a_request_id_given_by_the_proxy_in_front_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21e0")["X-Request-ID"] == "lb-7f3a9c21e0"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 16
