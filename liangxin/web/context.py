from liangxin.accounts.actions import uses_api
from liangxin.accounts.scope import has_perm
from liangxin.enterprises.access import sees_units
from liangxin.events.access import sees_events
from liangxin.lists.access import sees_lists
from liangxin.plans import queries
from liangxin.plans.access import plans_for
from liangxin.projects.access import sees_projects
from liangxin.subsidies.access import sees_subsidies


def _items(user) -> list[tuple[str, str]]:
    items = []
    if has_perm(user, "plan.view"):
        plan = queries.default_plan(plans_for(user))
        if plan is not None:
            base = f"/plans/{plan.code}"
            items += [
                ("首页", "/"),
                ("驾驶舱", f"{base}/dashboard/"),
                ("重点任务", f"{base}/tasks/"),
                ("政策清单", f"{base}/policies/"),
            ]
            if user.department_id and plan.tasks.filter(leads__department_id=user.department_id).exists():
                items.append(("我的任务", f"{base}/departments/{user.department.code}/"))
            items.append(("调度填报", f"{base}/periods/"))
    if sees_subsidies(user):
        items.append(("补贴申请", "/subsidies/applications/"))
        items.append(("补贴项目", "/subsidies/programmes/"))
    if has_perm(user, "subsidy.import"):
        items.append(("批量导入", "/subsidies/imports/"))
    if has_perm(user, "subsidy.pay"):
        items.append(("资金拨付", "/subsidies/payouts/"))
    if sees_projects(user):
        items.append(("项目库", "/projects/"))
    if sees_events(user):
        items.append(("对接和促销活动", "/events/"))
    if sees_lists(user):
        items.append(("两优清单", "/lists/supply/"))
        items.append(("两新清单", "/lists/demand/"))
    if sees_units(user):
        items.append(("企业与单位" if has_perm(user, "unit.view") else "本企业", "/enterprises/"))
    if has_perm(user, "audit.view"):
        items.append(("审计日志", "/audit/"))
    if has_perm(user, "queue.view"):
        items.append(("定时任务", "/queue/"))
    if has_perm(user, "user.view"):
        items.append(("账号", "/accounts/users/"))
    if uses_api(user):  # those holding a live API token; everyone else finds the docs on their account page
        items.append(("接口文档", "/api/v1/docs"))
    return items


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    path = request.path
    return {
        "nav_items": [
            (label, url, path == url if url == "/" else path.startswith(url)) for label, url in _items(user)
        ]
    }
