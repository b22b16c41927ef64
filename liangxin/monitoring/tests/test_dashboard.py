"""The dashboard (驾驶舱): figures, charts' data as tables and Excel, drill-down to an indicator."""

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("history")]

URL = "/plans/taishan-2024/dashboard/"


def chart_data(page: str) -> dict:
    start = page.index('<script id="chart-data" type="application/json">') + len(
        '<script id="chart-data" type="application/json">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def test_dashboard_shows_kpis_charts_ranking_and_targets(login):
    response = login("leader").get(f"{URL}?as_of=2026-11-28")
    assert response.status_code == 200
    page = response.content.decode()
    data = chart_data(page)
    assert sum(c["count"] for c in data["statusCounts"]) == 50
    assert [s["title"] for s in data["sections"]][:2] == ["工作目标", "实施工业技改和数字化转型工程"]
    names = [r["name"] for r in data["ranking"]]
    assert "卫健局" in names and names.index("卫健局") < names.index("生态环境分局")
    assert data["trend"]["actual"] and data["trend"]["paths"]
    assert page.count('href="/plans/taishan-2024/indicators/') >= 50
    assert "查看数据" in page and "大屏模式" in page


def test_year_selector_limits_targets(login):
    page = login("leader").get(f"{URL}?as_of=2026-11-28&year=2025").content.decode()
    assert sum(c["count"] for c in chart_data(page)["statusCounts"]) == 20
    assert "2025年目标" in page


def test_trend_follows_the_chosen_indicator(login):
    page = (
        login("leader")
        .get(f"{URL}?indicator=t08-medical-equipment-renewal&as_of=2026-11-28")
        .content.decode()
    )
    trend = chart_data(page)["trend"]
    assert trend["code"] == "t08-medical-equipment-renewal"
    assert [p["year"] for p in trend["paths"]] == [2025, 2027]
    assert len(trend["actual"]) == 27  # 2024-08 .. 2026-10, all accepted


def test_large_screen_mode_is_its_own_page_by_area(login):
    client = login("leader")
    page = client.get(f"{URL}?screen=1&as_of=2026-11-28").content.decode()
    assert '<body class="lx-screen"' in page and "退出大屏" in page
    assert 'data-testid="screen-area">全部领域<' in page
    assert 'data-next="?screen=1&amp;as_of=2026-11-28&amp;area=0"' in page  # cycles to the next area
    assert 'class="navbar' not in page and 'data-testid="target-table"' not in page  # not the long page
    area = client.get(f"{URL}?screen=1&as_of=2026-11-28&area=1&cycle=0").content.decode()
    assert 'data-testid="screen-area">实施工业技改和数字化转型工程<' in area
    assert "data-next" not in area and "开始轮播" in area
    assert area.count('<tr><td class="lx-name">') <= 8
    assert "技术改造项目" in area
    # without a date asked for, the cycle keeps showing today's figures day after day
    today = client.get(f"{URL}?screen=1").content.decode()
    assert 'data-next="?screen=1&amp;area=0"' in today


def test_growth_charts_and_sheets_carry_the_reported_figures_unit_not_percent(login):
    # issue 11 D.5: a count of recycled appliances was labelled "%", and its target drawn at 15 and 30
    client = login("leader")
    indicator = "goal-appliance-recycling-growth"
    page = client.get(f"/plans/taishan-2024/indicators/{indicator}/?as_of=2026-11-28").content.decode()
    trend = chart_data(page)["trend"]
    assert trend["unit"] == "台"
    goals = {p["year"]: Decimal(p["goal"]) for p in trend["paths"]}
    reference = next(a for a in reversed(trend["actual"]) if a["reference"] is not None)
    assert goals[2027] > 1000 and goals[2025] > 1000  # the year's total, where the figures are
    assert reference["value"] is not None
    assert [p["words"] for p in trend["paths"]] == ["较2023年增长≥15%", "较2023年增长≥30%"]
    workbook = load_workbook(
        io.BytesIO(
            client.get(f"/plans/taishan-2024/dashboard.xlsx?as_of=2026-11-28&indicator={indicator}").content
        )
    )
    headers = [c.value for c in workbook["趋势"][1]]
    assert headers[1] == "废旧家电回收量（台）"
    assert not any("（%）" in (h or "") for h in headers)
    rate = load_workbook(
        io.BytesIO(
            client.get(
                "/plans/taishan-2024/dashboard.xlsx?as_of=2026-11-28&indicator=t04-farm-mechanization-rate"
            ).content
        )
    )
    assert [c.value for c in rate["趋势"][1]][1].endswith("（%）")


def test_excel_export_has_every_chart_as_a_sheet(login):
    response = login("leader").get(
        "/plans/taishan-2024/dashboard.xlsx?as_of=2026-11-28&indicator=t08-medical-equipment-renewal"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["总体完成情况", "分领域", "部门排名", "目标明细", "趋势"]
    assert workbook["趋势"].max_row == 28 and workbook["趋势"]["B2"].value is not None
    assert workbook["目标明细"].max_row == 51
    ranking = [row[1] for row in workbook["部门排名"].iter_rows(min_row=2, values_only=True)]
    assert ranking[0] == "区卫生健康局" and "市生态环境局泰山分局" in ranking[-8:]


def test_indicator_page_drills_down_with_reasons(login):
    page = (
        login("wjj_reporter")
        .get("/plans/taishan-2024/indicators/t08-medical-equipment-renewal/?as_of=2026-11-28")
        .content.decode()
    )
    table = page[page.index('data-testid="indicator-status"') : page.index("趋势与目标路径")]
    assert "<td>2025</td><td>≥228 台（套）</td>" in table and "<td>2027</td><td>≥428 台（套）</td>" in table
    assert "已完成" in table and "截至" in table
    assert chart_data(page)["trend"]["code"] == "t08-medical-equipment-renewal"


def test_dashboard_scope(login):
    assert login("enterprise").get(URL).status_code == 403
    assert login("admin").get("/plans/taishan-2024/dashboard.xlsx").status_code == 403
    assert login("leader").get("/plans/taishan-2024/indicators/nope/").status_code == 404
