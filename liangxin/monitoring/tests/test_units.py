"""Issue 11 D.5: the unit shown with a reported figure comes from its indicator everywhere, and a growth
indicator's figure (the year's absolute total) is never labelled "%": the reporting form and its Excel."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from liangxin.accounts.models import User
from liangxin.core.display import value_unit
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting import workflow

pytestmark = pytest.mark.django_db

FORM = "/plans/taishan-2024/periods/2026-11/submissions/swj/"
GROWTH = "goal-appliance-recycling-growth"


@pytest.fixture(autouse=True)
def period():
    workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )


def test_value_unit_is_the_indicators_except_for_growth():
    units = {i.code: value_unit(i) for i in Indicator.objects.filter(plan__code="taishan-2024")}
    assert units[GROWTH] == "台"  # the plan file's value_unit
    assert units["goal-equipment-investment-growth"] == "万元"
    unnamed = Indicator.objects.get(plan__code="taishan-2024", code=GROWTH)
    unnamed.value_unit = ""
    assert value_unit(unnamed) == "本年累计量"  # a growth indicator whose file names no unit for it
    assert units["t04-farm-mechanization-rate"] == "%"
    assert units["t01-tech-upgrade-projects"] == "个"


def test_the_form_and_its_excel_show_the_reported_figures_unit(login):
    client = login("swj_reporter")
    page = client.get(FORM).content.decode()
    row = page[page.index("废旧家电回收量") :]
    row = row[: row.index("</tr>")]
    assert "<td>台</td>" in row and "<td>%</td>" not in row
    sheet = load_workbook(io.BytesIO(client.get(f"{FORM}form.xlsx").content))["指标数值"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[GROWTH][2] == "台"
