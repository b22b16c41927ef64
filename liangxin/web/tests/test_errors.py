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
