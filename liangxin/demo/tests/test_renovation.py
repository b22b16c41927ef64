"""The demo's 技改 projects make the plan's computed figures real: starts this year and before, projects
stuck in 前期工作, a funding round, accepted progress, and 2023 baselines about 18 % below this year."""

import time
from dataclasses import dataclass
from datetime import date

import pytest

from liangxin.demo.enterprises import install_unit_demo
from liangxin.demo.projects import install_project_demo
from liangxin.demo.reporting import install_history
from liangxin.plans.models import Plan
from liangxin.projects import sources
from liangxin.projects.models import EquipmentBaseline, Funding, Project, ProjectProgress

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Window:
    start: date | None
    end: date


def test_the_demo_projects_feed_the_plan_s_computed_figures():
    install_history(Plan.objects.get(code="taishan-2024"))
    install_unit_demo()
    began = time.monotonic()
    install_project_demo()
    assert time.monotonic() - began < 30  # it runs in `make run`
    year = Window(date(2026, 1, 1), date(2026, 10, 31))
    renovation = {"construction": "renovation"}
    assert sources.started_value(renovation, year) == 11
    assert sources.started_value(renovation, Window(date(2024, 1, 1), date(2026, 10, 31))) >= 19
    stuck = Project.objects.filter(construction="renovation", stage="reserve")
    assert stuck.count() == 6 and all(p.checklist.filter(state="not_started").exists() for p in stuck)
    assert Funding.objects.filter(kind="grant", on__year=2026).count() >= 6
    assert ProjectProgress.objects.filter(submission__status="accepted").exists()
    done_in = set(
        ProjectProgress.objects.filter(submission__status="accepted", equipment_done__gt=0).values_list(
            "project__field", flat=True
        )
    )
    # a baseline for each field the demo completes equipment investment in, and none where 0 % growth
    # against an invented figure would read as −100 %
    assert set(EquipmentBaseline.objects.filter(year=2023).values_list("field", flat=True)) == done_in
    assert (
        Project.objects.exclude(town=None).count() >= Project.objects.count() - 2
    )  # built where their unit is
    goal = {"fields": "goal"}
    value, baseline = sources.equipment_value(goal, year), sources.equipment_baseline(goal, 2023)
    assert 1.10 < value / baseline < 1.25
