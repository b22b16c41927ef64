"""The version history names what changed as a person would: the indicator by its name, a milestone's
stage by its Chinese label, never a code."""

import re
from datetime import date

import pytest

from liangxin.accounts.models import Department, User
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, workflow
from liangxin.reporting.stages import STAGES
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db

MILESTONE = "goal-below-energy-benchmark-upgrade"
COUNT = "t08-medical-equipment-renewal"
CODE = re.compile(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b")  # t08-medical-…, under_way


@pytest.fixture
def period():
    return workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )


def saved(period, department, reporter, *values):
    submission = assignments.submission_for(period, Department.objects.get(code=department))
    for value in values:
        workflow.save_draft(User.objects.get(username=reporter), submission, SubmissionInput(values=value))
    return submission


def history(login, department) -> str:
    page = login("leader").get(f"/plans/taishan-2024/periods/2026-11/submissions/{department}/versions/")
    html = page.content.decode()
    return re.sub(r"<[^>]+>", " ", html[html.index("<h1") : html.index("</main>")])


def test_a_milestones_stage_and_its_indicator_are_named_in_chinese(login, period):
    saved(period, "gxj", "gxj_reporter", {MILESTONE: "未启动"}, {MILESTONE: "推进中"}, {MILESTONE: "已完成"})
    text = history(login, "gxj")
    assert "工业重点领域低于能效基准水平的产能更新改造 进度" in text
    assert "推进中" in text and "已完成" in text
    assert not {code for code in CODE.findall(text)} & ({s.code for s in STAGES} | {MILESTONE})


def test_a_value_is_named_by_its_indicator(login, period):
    saved(period, "wjj", "wjj_reporter", {COUNT: 100}, {COUNT: 120})
    text = history(login, "wjj")
    assert "卫生健康领域医疗装备更新换代量 数值" in text and COUNT not in text


def test_diff_falls_back_to_the_code_for_an_indicator_the_plan_no_longer_has():
    older, newer = {"values": {"gone": {"stage": "under_way"}}}, {"values": {"gone": {"stage": "done"}}}
    assert workflow.diff(older, newer, {}) == [("gone 进度", "推进中", "已完成")]
