"""A department's channels on the web, for the system administrator and the coordinator: the list (by
department) with the form to add one, a channel with its delivery log, switching it on or off, and a test
message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liangxin.accounts.models import Department
from liangxin.accounts.scope import require
from liangxin.core import paging
from liangxin.core.errors import Invalid
from liangxin.notifications import access, channel_setup
from liangxin.notifications.channels import CHANNEL_KINDS


@require_http_methods(["GET", "POST"])
@login_required
def channel_list(request):
    require(request.user, "channel.manage")
    form, problems = {}, {}
    if request.method == "POST":
        form = request.POST
        try:
            department = channel_setup.department_of(form.get("department", ""))
            channel = channel_setup.add(
                request.user, department, form.get("kind", ""), form.get("url", ""), form.get("secret", "")
            )
        except Invalid as exc:
            problems = {p.field: p.message for p in exc.problems}
        else:
            messages.success(request, f"已新增{CHANNEL_KINDS.label(channel.kind)}渠道")
            return redirect("notifications:channel", channel.pk)
    chosen = request.GET.get("department", "")
    channels = access.channels_for(request.user)
    pager = paging.paginate(channels.filter(department__code=chosen) if chosen else channels, request.GET)
    return render(
        request,
        "notifications/channels.html",
        {
            "page": pager.page,
            "pager": pager,
            "chosen": chosen,
            "departments": Department.objects.all(),
            "kinds": list(CHANNEL_KINDS),
            "form": form,
            "problems": problems,
        },
        status=422 if problems else 200,
    )


@require_GET
@login_required
def channel_detail(request, channel_id: int):
    channel = access.channel_or_404(request.user, channel_id)
    pager = paging.paginate(channel.deliveries.all(), request.GET)
    return render(
        request,
        "notifications/channel.html",
        {"channel": channel, "kind": CHANNEL_KINDS[channel.kind], "page": pager.page, "pager": pager},
    )


@require_POST
@login_required
def channel_enable(request, channel_id: int):
    channel = access.channel_or_404(request.user, channel_id)
    channel_setup.set_enabled(request.user, channel, request.POST.get("enabled") == "1")
    return redirect("notifications:channel", channel.pk)


@require_POST
@login_required
def channel_test(request, channel_id: int):
    channel = access.channel_or_404(request.user, channel_id)
    channel_setup.send_test(request.user, channel)
    messages.info(request, "测试消息已排队发送，刷新本页查看结果")
    return redirect("notifications:channel", channel.pk)
