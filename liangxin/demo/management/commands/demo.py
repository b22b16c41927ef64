from django.core.management.base import BaseCommand

from liangxin.accounts.models import Department
from liangxin.accounts.roles import Role
from liangxin.audit.cli import cli_actor
from liangxin.demo import subsidies as demo_data
from liangxin.demo.accounts import DEFAULT_PLAN_CODE, DEMO_PASSWORD, install_demo
from liangxin.demo.enterprises import install_unit_demo
from liangxin.demo.events import install_event_demo
from liangxin.demo.lists import install_list_demo
from liangxin.demo.matching import install_match_demo
from liangxin.demo.projects import install_project_demo
from liangxin.demo.reporting import install_history
from liangxin.plans.models import Plan
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.catalogue import DEMO_FILE as PROGRAMMES_FILE


class Command(BaseCommand):
    help = "载入默认方案（泰山政发〔2024〕1号）、演示账号、调度数据、补贴项目和补贴申请；可重复执行"

    def handle(self, *args, **options):
        with cli_actor():
            accounts = install_demo()
            plan = Plan.objects.get(code=DEFAULT_PLAN_CODE)
            months = install_history(plan)
            catalogue.load_file(PROGRAMMES_FILE, plan)
            subsidies = demo_data.install_subsidy_demo()
            units = install_unit_demo()
            projects = install_project_demo()
            events = install_event_demo()
            list_entries = install_list_demo()
            list_matches = install_match_demo()
        if months:
            self.stdout.write(f"已生成 {months} 个月的演示调度数据（2024年8月至2026年10月）。")
        if subsidies:
            self.stdout.write(
                f"已生成 {sum(subsidies.values())} 份演示补贴申请（{demo_data.describe(subsidies)}）和一个拨付批次。"
            )
        if units:
            self.stdout.write(f"已登记 {units} 家演示企业与单位及其荣誉。")
        if projects:
            self.stdout.write(f"已登记 {projects} 个演示项目（项目库）。")
        if events:
            self.stdout.write(f"已登记 {events} 场演示活动（供需对接会、汽车和家电促销）。")
        if list_entries:
            self.stdout.write(f"已登记 {list_entries} 条两优两新清单演示条目。")
        if list_matches:
            self.stdout.write(f"已登记 {list_matches} 项演示供需对接（其中一项已签约）。")
        names = dict(Department.objects.values_list("code", "short_name"))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in accounts:
            roles = "、".join(Role(r).label for r in account.roles)
            dept = names.get(account.department, "企业") if account.department else "企业"
            self.stdout.write(f"  {account.username:<18} {dept:<8} {roles}")
