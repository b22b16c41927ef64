import pytest

from liangxin.accounts.models import User
from liangxin.demo.enterprises import HONOURS, UNITS, install_unit_demo
from liangxin.demo.projects import PROJECTS, install_project_demo
from liangxin.demo.renovation import OTHER_FIELDS
from liangxin.enterprises import access, honours
from liangxin.enterprises.models import Honour, Unit
from liangxin.projects.models import Project, StageChange

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_installed_once_and_the_enterprise_account_has_its_unit():
    assert install_unit_demo() == len(UNITS)
    assert install_unit_demo() == 0
    assert Unit.objects.count() == len(UNITS) and Honour.objects.count() == len(HONOURS)
    own = access.own_unit(User.objects.get(username="enterprise"))
    assert own is not None and own.name == "泰山示范机械有限公司"
    assert honours.in_force("green-factory", "provincial").count() == 2  # 省级以上绿色工厂
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
