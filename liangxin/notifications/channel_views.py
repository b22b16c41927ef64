"""Channels on the web: a department's, for the system administrator and the coordinator (the list by
department with the form to add one), and each person's own (my channels); a channel with its delivery
log, switching it on or off, and a test message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liangxin.accounts.models import Department
from liangxin.core import paging
from liangxin.core.errors import Invalid
from liangxin.notifications import access, channel_setup
from liangxin.notifications.channels import CHANNEL_KINDS


def _list_and_add(request, channels, owner_of, **context):
    form, problems = {}, {}
    if request.method == "POST":
        form = request.POST
        try:
            channel = channel_setup.add(
                request.user,
                owner_of(form),
                form.get("kind", ""),
                form.get("url", ""),
                form.get("secret", ""),
            )
        except Invalid as exc:
            problems = {p.field: p.message for p in exc.problems}
        else:
            messages.success(request, f"已新增{CHANNEL_KINDS.label(channel.kind)}渠道")
            return redirect("notifications:channel", channel.pk)
    pager = paging.paginate(channels, request.GET)
    context |= {"page": pager.page, "pager": pager, "kinds": list(CHANNEL_KINDS), "form": form}
    return render(
        request,
        "notifications/channels.html",
        context | {"problems": problems},
        status=422 if problems else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def channel_list(request):
    chosen = request.GET.get("department", "")
    channels = access.channels_for(request.user)
    return _list_and_add(
        request,
        channels.filter(department__code=chosen) if chosen else channels,
        lambda form: channel_setup.department_of(form.get("department", "")),
        chosen=chosen,
        departments=Department.objects.all(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def my_channels(request):
    return _list_and_add(request, access.own_channels(request.user), lambda form: request.user, mine=True)


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
