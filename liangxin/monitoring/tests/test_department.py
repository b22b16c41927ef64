"""我的任务: a department's tasks and the indicators it reports, goal indicators included, each with the
status engine's verdict and the latest progress the department reported."""

from datetime import date
from decimal import Decimal

import pytest

from liangxin.accounts.models import Department, User
from liangxin.monitoring.department import current_row, department_progress
from liangxin.monitoring.service import TargetRow
from liangxin.monitoring.targets import TargetStatus
from liangxin.plans.models import Plan
from liangxin.reporting.access import submissions_for

pytestmark = pytest.mark.django_db

PAGE = "/plans/taishan-2024/departments/swj/"


def _row(year: int) -> TargetRow:
    return TargetRow(None, year, Decimal(1), "", TargetStatus.of("not_started", "—"))


def test_the_current_target_is_this_years_else_the_next_else_the_last():
    rows = [_row(2024), _row(2025), _row(2027)]
    assert current_row(rows, 2025).year == 2025
    assert current_row(rows, 2026).year == 2027  # a final-year goal speaks for the years before it
    assert current_row(rows, 2028).year == 2027
    assert current_row([], 2026) is None


def test_the_department_reports_its_goal_indicators_with_their_status(history):
    plan = Plan.objects.get(code="taishan-2024")
    swj = Department.objects.get(code="swj")
    user = User.objects.get(username="swj_reporter")
    tasks, indicators = department_progress(plan, swj, date(2026, 11, 28), submissions_for(user))
    goals = [p.indicator.code for p in indicators if p.is_goal]
    assert "goal-appliance-recycling-growth" in goals and "goal-used-car-to-new-car-ratio" in goals
    assert all(p.current is not None for p in indicators)
    assert [t.task.number for t in tasks] == [9, 10, 11, 15, 16, 17, 21, 24]
    assert all(t.narrative is not None for t in tasks)  # the history reported progress on each


def test_my_tasks_page_shows_status_progress_and_goals(login, history):
    page = login("swj_reporter").get(PAGE).content.decode()
    indicators = page[page.index('data-testid="indicator-table"') :]
    assert "废旧家电回收量" in indicators and 'data-testid="goal"' in indicators
    assert indicators.count('data-testid="indicator-status"') >= 3
    tasks = page[page.index('data-testid="task-progress"') : page.index('data-testid="indicator-table"')]
    assert 'data-testid="task-narrative"' in tasks and "尚未报送进展" not in tasks
    assert "2026年10月（已报送）" in tasks  # the latest report, sent and waiting for its reviewer
