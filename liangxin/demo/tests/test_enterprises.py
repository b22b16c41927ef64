from datetime import date

import pytest

from liangxin.accounts.models import User
from liangxin.demo.enterprises import HONOURS, UNITS, install_unit_demo, smart_project_honours
from liangxin.demo.projects import PROJECTS, install_project_demo
from liangxin.demo.renovation import OTHER_FIELDS
from liangxin.demo.reporting import install_history
from liangxin.enterprises import access, honours
from liangxin.enterprises.models import Honour, Unit
from liangxin.monitoring.service import plan_status
from liangxin.plans.models import Plan
from liangxin.projects.models import Project, StageChange

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_installed_once_and_the_enterprise_account_has_its_unit():
    assert install_unit_demo() == len(UNITS)
    assert install_unit_demo() == 0
    assert Unit.objects.count() == len(UNITS)
    assert Honour.objects.count() == len(HONOURS) + len(smart_project_honours())
    own = access.own_unit(User.objects.get(username="enterprise"))
    assert own is not None and own.name == "泰山示范机械有限公司"
    assert honours.in_force("green-factory", "provincial").count() == 4  # 省级以上绿色工厂
    assert all("*" in u.contact_phone_masked for u in Unit.objects.all())


def test_the_demo_reserve_has_projects_at_several_stages():
    install_unit_demo()
    assert install_project_demo() == len(PROJECTS) + len(OTHER_FIELDS) + 30
    assert install_project_demo() == 0
    assert set(Project.objects.values_list("stage", flat=True)) == {
        "started",
        "selected",
        "reserve",
        "planning",
    }
    assert StageChange.objects.filter(status="pending").count() == 1  # 申报 waiting for the coordinator


def test_the_plans_honour_counts_show_a_believable_status_from_the_demo_register():
    plan = Plan.objects.get(code="taishan-2024")
    install_unit_demo()
    install_history(plan)
    status = {(r.indicator.code, r.year): r.status for r in plan_status(plan, date(2026, 11, 28)).rows}
    green = status[("t03-green-factories", 2025)]
    assert green.status == "missed" and green.actual == 3  # 省级以上 3 of 4 by 2025
    assert status[("t03-green-factories", 2027)].actual == 4
    assert status[("t02-provincial-smart-manufacturing-projects", 2025)].status == "achieved"
    assert status[("t02-municipal-smart-manufacturing-projects", 2024)].status == "missed"
    assert status[("t14-haopin-shandong-products", 2025)].status == "achieved"


def test_the_demo_sets_up_again_on_a_database_emptied_of_its_data_lists(db):
    """A transactional test empties every table; the next set-up still loads the plan (whose computed
    indicators name honour kinds) and offers the supply categories and funding channels again."""
    from liangxin.demo.accounts import install_demo
    from liangxin.enterprises.models import Honour, HonourKind
    from liangxin.lists.models import SupplyCategory
    from liangxin.projects.models import FundingChannel

    Honour.objects.all().delete()
    for model in (HonourKind, SupplyCategory, FundingChannel):
        model.objects.all().delete()
    install_demo()
    assert HonourKind.objects.filter(code="smart-manufacturing-project").exists()
    assert SupplyCategory.objects.filter(code="mining").exists()
    assert FundingChannel.objects.filter(code="self-funded").exists()
