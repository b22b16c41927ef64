from liangxin.accounts.actions import uses_api
from liangxin.accounts.scope import has_perm
from liangxin.enterprises.access import sees_units
from liangxin.events.access import sees_events
from liangxin.lists.access import sees_lists
from liangxin.plans import queries
from liangxin.plans.access import plans_for
from liangxin.projects.access import sees_projects
from liangxin.subsidies.access import sees_subsidies


def _items(user) -> list[tuple[str | None, str, str]]:
    """(menu, label, url) of every page the user may open from the navigation; menu None: on the bar."""
    items = []
    if has_perm(user, "plan.view"):
        plan = queries.default_plan(plans_for(user))
        if plan is not None:
            base = f"/plans/{plan.code}"
            items += [
                (None, "首页", "/"),
                (None, "驾驶舱", f"{base}/dashboard/"),
                (None, "重点任务", f"{base}/tasks/"),
                (None, "政策清单", f"{base}/policies/"),
            ]
            if user.department_id and plan.tasks.filter(leads__department_id=user.department_id).exists():
                items.append((None, "我的任务", f"{base}/departments/{user.department.code}/"))
            items.append((None, "调度填报", f"{base}/periods/"))
    subsidies, records, system = "补贴", "项目与清单", "系统"
    if sees_subsidies(user):
        items.append((subsidies, "补贴申请", "/subsidies/applications/"))
        items.append((subsidies, "补贴项目", "/subsidies/programmes/"))
    if has_perm(user, "subsidy.import"):
        items.append((subsidies, "批量导入", "/subsidies/imports/"))
    if has_perm(user, "subsidy.pay"):
        items.append((subsidies, "资金拨付", "/subsidies/payouts/"))
    if sees_projects(user):
        items.append((records, "项目库", "/projects/"))
    if sees_lists(user):
        items.append((records, "两优清单", "/lists/supply/"))
        items.append((records, "两新清单", "/lists/demand/"))
        items.append((records, "供需对接", "/lists/matches/"))
    if sees_events(user):
        items.append((records, "对接和促销活动", "/events/"))
    if sees_units(user):
        items.append((records, "企业与单位" if has_perm(user, "unit.view") else "本企业", "/enterprises/"))
    if has_perm(user, "audit.view"):
        items.append((system, "审计日志", "/audit/"))
    if has_perm(user, "queue.view"):
        items.append((system, "定时任务", "/queue/"))
    if has_perm(user, "channel.manage"):
        items.append((system, "通知渠道", "/notifications/channels/"))
    if has_perm(user, "user.view"):
        items.append((system, "账号", "/accounts/users/"))
    if uses_api(user):  # those holding a live API token; everyone else finds the docs on their account page
        items.append((system, "接口文档", "/api/v1/docs"))
    return items


def navigation(request):
    """The bar's entries: a link, or a menu of links (a menu of one link is that link on the bar)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    path = request.path
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for menu, label, url in _items(user):
        link = {"label": label, "url": url, "active": path == url if url == "/" else path.startswith(url)}
        if menu is None:
            entries.append(link)
        elif menu in menus:
            menus[menu]["links"].append(link)
        else:
            menus[menu] = {"label": menu, "links": [link]}
            entries.append(menus[menu])
    for menu in menus.values():
        menu["active"] = any(link["active"] for link in menu["links"])
    return {"nav_items": [e["links"][0] if len(e.get("links", ())) == 1 else e for e in entries]}
