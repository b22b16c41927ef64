from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.audit import access

ACTION_LABELS = {
    "login.success": "登录成功",
    "login.failure": "登录失败",
    "login.locked": "账号锁定",
    "user.create": "新增账号",
    "token.create": "生成令牌",
    "token.revoke": "吊销令牌",
    "plan.create": "载入方案",
    "plan.update": "更新方案",
    "period.open": "开启填报期",
    "period.close": "关闭填报期",
    "period.remind": "发送提醒",
    "submission.save": "保存填报",
    "submission.submit": "报送",
    "submission.approve": "部门审核通过",
    "submission.accept": "采纳",
    "submission.return": "退回",
    "evidence.upload": "上传附件",
    "evidence.delete": "删除附件",
    "evidence.download": "下载附件",
    "report.export": "导出调度通报",
    "export": "导出数据",
    "demo.history": "生成演示数据",
}


def _day(value: str, end: bool):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a date, made aware below
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filter_entries(entries, params):
    if params.get("actor"):
        entries = entries.filter(actor_name__icontains=params["actor"])
    if params.get("action"):
        entries = entries.filter(action=params["action"])
    if params.get("object"):
        entries = entries.filter(object_repr__icontains=params["object"])
    if params.get("result"):
        entries = entries.filter(result=params["result"])
    if params.get("since") and (since := _day(params["since"], end=False)):
        entries = entries.filter(at__gte=since)
    if params.get("until") and (until := _day(params["until"], end=True)):
        entries = entries.filter(at__lte=until)
    return entries


@require_GET
@login_required
def audit_list(request):
    entries = filter_entries(access.audit_entries_for(request.user), request.GET)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"page": page, "actions": ACTION_LABELS, "params": request.GET, "query": query.urlencode()},
    )


@require_GET
@login_required
def audit_detail(request, seq):
    entry = get_object_or_404(access.audit_entries_for(request.user), seq=seq)
    return render(request, "audit/detail.html", {"entry": entry, "actions": ACTION_LABELS})


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
