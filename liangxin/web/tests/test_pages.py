"""What a department official sees on each page, in Chinese."""

import pytest

pytestmark = pytest.mark.django_db

PLAN = "/plans/taishan-2024"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_greets_with_department_and_shows_its_tasks_first(login):
    page = text(login("wjj_reporter").get("/"))
    assert "张填报（区卫生健康局）" in page
    own = page[page.index("本部门负责的任务") : page.index("工作目标")]
    assert "（3 项）" in own
    for title in ("提升医疗卫生服务能力", "注重项目谋划储备", "实行清单管理制度"):
        assert title in own
    assert "加快重点行业技术改造" not in own
    assert page.index("本部门负责的任务") < page.index("工作目标") < page.index("重点任务与保障措施")


def test_home_shows_goals_and_counts_by_area(login):
    page = text(login("leader").get("/"))
    assert "国三及以下非营运柴油货车" in page and "基本淘汰" in page
    assert "约92%" in page and "较2023年增长≥28%" in page
    counts = page[page.index('data-testid="section-counts"') :]
    assert "（一）实施工业技改和数字化转型工程" in counts and "保障措施" in counts


def test_task_list_filters_by_area_and_department(login):
    client = login("leader")
    everything = text(client.get(f"{PLAN}/tasks/"))
    assert [n for n in range(1, 30) if f'href="/plans/taishan-2024/tasks/{n}/"' in everything] == list(
        range(1, 26)
    )
    area = text(client.get(f"{PLAN}/tasks/?section=4"))
    assert [n for n in range(1, 26) if f'href="/plans/taishan-2024/tasks/{n}/"' in area] == [12, 13, 14]
    commerce = text(client.get(f"{PLAN}/tasks/?department=swj"))
    assert [n for n in range(1, 26) if f'href="/plans/taishan-2024/tasks/{n}/"' in commerce] == [
        9,
        10,
        11,
        15,
        16,
        17,
        21,
        24,
    ]


def test_task_list_answers_htmx_with_the_table_only(login):
    fragment = text(login("leader").get(f"{PLAN}/tasks/?section=3", HTTP_HX_REQUEST="true"))
    assert fragment.lstrip().startswith("<table") and "<html" not in fragment
    assert "开展汽车以旧换新" in fragment


def test_task_page_shows_text_departments_and_targets_beside_their_source(login):
    page = text(login("wjj_reporter").get(f"{PLAN}/tasks/8/"))
    assert "推动优质医疗资源提质扩容" in page
    assert "区卫生健康局" in page and "（负责）" in page
    assert "≥228 台（套）" in page and "≥428 台（套）" in page
    assert "到2025年，卫生健康领域医疗装备更新换代量累计达到228台（套）；" in page


def test_task_page_of_shared_task_lists_every_department(login):
    page = text(login("leader").get(f"{PLAN}/tasks/22/"))
    assert "区发展和改革局" in page and "区政府有关部门单位" in page and "按职责分工负责" in page


def test_department_page_lists_its_tasks_and_targets(login):
    page = text(login("nyncj_reporter").get("/my/", follow=True))
    assert "区农业农村局" in page
    assert "提升农业机械装备水平" in page
    assert "≥92.95%" in page and "≥300 台（套）" in page


def test_policy_list(login):
    page = text(login("fgj_coordinator").get("/policies/", follow=True))
    assert "总体工作方案" in page and "分领域工作方案" in page
    assert "区住房和城乡建设局、区综合行政执法局" in page
    assert page.count("<tr><td>") == 9


def test_unknown_task_and_plan_are_404(login):
    client = login("leader")
    assert client.get(f"{PLAN}/tasks/99/").status_code == 404
    assert client.get("/plans/nowhere/tasks/").status_code == 404


def test_static_files_are_served_by_the_app(client):
    for path in (
        "/static/vendor/bootstrap.min.css",
        "/static/vendor/htmx.min.js",
        "/static/vendor/echarts.min.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.parametrize(
    "url", ["/", f"{PLAN}/dashboard/", f"{PLAN}/tasks/8/", f"{PLAN}/periods/", "/accounts/"]
)
def test_pages_load_nothing_from_a_cdn(login, url):
    page = text(login("leader").get(url))
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_healthz_reports_the_database(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"]["ok"] is True


def test_openapi_schema_documents_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/departments",
        "/api/v1/plans",
        "/api/v1/plans/{code}",
    } <= paths
    assert client.get("/api/v1/docs").status_code == 200


def test_api_docs_page_uses_local_assets(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in page.lower()
