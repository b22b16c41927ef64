"""The applications list as a caseworker pages and searches it, and the same search on the API."""

import re
from html import unescape

import pytest

from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application
from liangxin.subsidies.tests.test_applications import ID_A, row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    """120 pending applications from 王某…, and 张三's, found by its 身份证号."""
    programme = load()
    Application.objects.bulk_create(
        Application(
            programme=programme,
            status="pending",
            fingerprint=f"f{i}",
            applicant_name=f"王某{i}",
            invoice_number=f"{24372000000000010000 + i}",
        )
        for i in range(120)
    )
    app, _ = applications.submit(person("swj_caseworker"), programme, row())
    return app


def links(html: str) -> dict[str, str]:
    """The pager's links: their text → their href."""
    pager = html[html.index('data-testid="pager"') :]
    pager = pager[: pager.index("</nav>")]
    return {
        unescape(text): unescape(href) for href, text in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', pager)
    }


def test_the_list_pages_with_links_that_keep_the_filters_and_search(login, many):
    client = login("swj_caseworker")
    html = client.get(
        "/subsidies/applications/", {"q": "王某", "status": "pending", "page": 2}
    ).content.decode()
    assert "共 120 份 · 第 2/3 页" in html
    found = links(html)
    assert set(found) == {"首页", "上一页", "1", "2", "3", "下一页", "末页"}
    for href in found.values():
        assert "q=%E7%8E%8B%E6%9F%90" in href and "status=pending" in href
    assert found["末页"].endswith("page=3") and found["上一页"].endswith("page=1")
    last = client.get(f"/subsidies/applications/{found['末页']}").content.decode()
    assert "共 120 份 · 第 3/3 页" in last and last.count("王*") == 20 and "张*" not in last


@pytest.mark.parametrize("q", [ID_A, "13800138000", "24372000000000000001", "SN0001", "张三"])
def test_the_list_finds_an_application_by_what_a_caseworker_types(login, many, q):
    html = login("swj_caseworker").get("/subsidies/applications/", {"q": q}).content.decode()
    assert "共 1 份" in html and f"/subsidies/applications/{many.public_id}/" in html
    assert f'name="q" value="{q}"' in html  # the search stays in its box


def test_the_api_searches_the_same_way(client, api_token, many):
    headers = api_token("swj_caseworker")
    answer = client.get("/api/v1/subsidy/applications", {"q": ID_A}, **headers).json()
    assert answer["count"] == 1 and answer["items"][0]["id"] == str(many.public_id)
    assert client.get("/api/v1/subsidy/applications", {"q": "王某1"}, **headers).json()["count"] == 31
    outsider = api_token("gxj_caseworker")
    assert client.get("/api/v1/subsidy/applications", {"q": ID_A}, **outsider).json()["count"] == 0
