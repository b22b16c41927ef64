"""The registry of milestone stages: each has a Chinese label, a department may type either the code or
the label, and the form offers every stage."""

import re
from datetime import date

import pytest

from liangxin.accounts.models import User
from liangxin.plans.models import Indicator, Plan
from liangxin.reporting import workflow
from liangxin.reporting.stages import STAGES
from liangxin.reporting.values import parse_entry

MILESTONE = Indicator(code="t05-diesel-trucks-phaseout", name="淘汰国三柴油货车", kind="milestone")


@pytest.mark.parametrize("stage", list(STAGES), ids=lambda s: s.code)
def test_a_stage_is_read_from_its_code_or_its_chinese_label(stage):
    assert re.fullmatch(r"[\u4e00-\u9fff]+", stage.label)
    for typed in (stage.code, stage.label, f" {stage.label} "):
        problems = []
        assert parse_entry(MILESTONE, typed, None, "", problems).stage == stage.code
        assert problems == []


def test_an_unknown_stage_is_refused_naming_every_stage():
    problems = []
    parse_entry(MILESTONE, "快好了", None, "", problems)
    assert [p.severity for p in problems] == ["error"]
    assert all(stage.label in problems[0].message for stage in STAGES)


@pytest.mark.django_db
def test_the_form_offers_every_stage(login):
    workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    page = login("gxj_reporter").get("/plans/taishan-2024/periods/2026-11/submissions/gxj/").content.decode()
    for stage in STAGES:
        assert f'<option value="{stage.code}">{stage.label}</option>' in page
