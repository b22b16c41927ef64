from liangxin.accounts.scope import has_perm


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    items = []
    if has_perm(user, "plan.view"):
        items += [("首页", "/"), ("重点任务", "/tasks/"), ("政策清单", "/policies/")]
        if user.department_id:
            items.append(("我的任务", "/my/"))
    if has_perm(user, "audit.view"):
        items.append(("审计日志", "/audit/"))
    if has_perm(user, "user.view"):
        items.append(("账号", "/accounts/users/"))
    items.append(("接口文档", "/api/v1/docs"))
    return {"nav_items": items}
