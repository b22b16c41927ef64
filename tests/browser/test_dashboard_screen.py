"""The dashboard's charts and the large screen in a real Chromium (issue 11 D.5, D.15): every chart label
is whole and inside its chart at 1366 and 1920 px, a growth indicator's chart is not labelled "%" and
draws its target where the figures are, and the large screen is one 1920×1080 screen without scrolling."""

import pytest
from playwright.sync_api import Page, expect

from liangxin.demo.reporting import install_history
from liangxin.monitoring.status_codes import STATUSES
from liangxin.plans.models import Plan

pytestmark = pytest.mark.browser

PLAN = "/plans/taishan-2024"
GROWTH = f"{PLAN}/indicators/goal-appliance-recycling-growth/"

# Each chart's text elements (SVG renderer) that are cut ("严…") or reach outside the chart's box.
CUT_LABELS = """() => {
  const bad = [];
  let texts = 0;
  document.querySelectorAll("[data-chart]").forEach((chart) => {
    const box = chart.getBoundingClientRect();
    chart.querySelectorAll("svg text").forEach((t) => {
      const r = t.getBoundingClientRect();
      const s = t.textContent;
      if (!s.trim() || r.width === 0) return;
      texts += 1;
      const outside = r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
      if (outside || s.endsWith("…") || s.endsWith("...")) bad.push(`${chart.dataset.chart}: ${s}`);
    });
  });
  return { bad, texts };
}"""


@pytest.fixture
def history(demo):
    install_history(Plan.objects.get(code="taishan-2024"))


def _svg_texts(page: Page, chart: str) -> list[str]:
    return page.locator(f'[data-chart="{chart}"] svg text').all_text_contents()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_every_chart_label_is_whole_and_inside_its_chart(page: Page, log_in, history, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in("leader")
    for url in (f"{PLAN}/dashboard/", GROWTH):
        page.goto(url)
        expect(page.locator('[data-chart="trend"] svg text').first).to_be_attached()
        found = page.evaluate(CUT_LABELS)
        assert found["texts"] > 10, url
        assert found["bad"] == [], (url, found["bad"])
    page.goto(f"{PLAN}/dashboard/")
    expect(page.locator('[data-chart="status"] svg text').first).to_be_attached()
    legend = " ".join(_svg_texts(page, "status"))
    labels = [s.label for s in STATUSES]
    shown = [label for label in labels if f"{label} " in legend]
    assert "已完成" in shown and "正常推进" in shown
    assert len(shown) == len(set(shown))  # one 已完成, never two


def test_a_growth_indicator_is_charted_as_its_yearly_total_with_its_target(page: Page, log_in, history):
    log_in("leader")
    page.goto(GROWTH)
    expect(page.locator('[data-chart="trend"] svg text').first).to_be_attached()
    texts = _svg_texts(page, "trend")
    assert "%" not in texts  # the axis was labelled "%" for a count of appliances
    assert "台" in texts  # the unit the plan file gives the figure (value_unit)
    goals = [t for t in texts if t.startswith("2027年目标 ")]
    assert goals and goals[0].startswith("2027年目标 较2023年增长≥30%（全年 "), texts
    # the target line is drawn at the full-year total, above the figures, not at 30 on their axis
    total = float(goals[0].split("全年 ")[1].rstrip("）"))
    assert total > 1000
    expect(page.get_by_test_id("indicator-status")).to_contain_text("较2023年增长≥30%")
    expect(page.get_by_test_id("indicator-status")).not_to_contain_text("未启动")


def test_the_large_screen_is_one_screen_at_1920_by_1080(page: Page, log_in, history):
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in("leader")
    page.goto(f"{PLAN}/dashboard/")
    page.get_by_role("link", name="大屏模式").click()
    expect(page.get_by_test_id("screen-area")).to_have_text("全部领域")
    # it moves on by itself to the next area, unless paused
    assert "area=0" in page.locator("body").get_attribute("data-next")
    page.get_by_test_id("screen-cycle").click()
    expect(page.get_by_test_id("screen-cycle")).to_have_text("开始轮播")
    assert page.locator("body").get_attribute("data-next") is None
    tabs = page.locator(".lx-screen-tabs a")
    for index in range(tabs.count()):
        page.locator(".lx-screen-tabs a").nth(index).click()
        expect(page.locator('[data-chart="status"] svg text').first).to_be_attached()
        size = page.evaluate(
            "() => ({h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth})"
        )
        assert size["h"] <= 1080 and size["w"] <= 1920, (page.url, size)
        found = page.evaluate(CUT_LABELS)
        assert found["bad"] == [], (page.url, found["bad"])
        # readable from across a room: the headline figures are large
        figure = page.locator(".lx-v").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert figure >= 56
    page.locator(".lx-screen-tabs a").nth(1).click()
    expect(page.get_by_test_id("screen-targets")).to_be_visible()
