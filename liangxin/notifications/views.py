"""The notification centre: the user's notifications (all, unread, read), marking them read, and following
one to what it is about (which marks it read)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from liangxin.accounts.scope import has_perm
from liangxin.core import paging
from liangxin.notifications import access, inbox

STATES = (("", "全部"), ("unread", "未读"), ("read", "已读"))


@require_GET
@login_required
def notification_list(request):
    state = request.GET.get("state", "")
    pager = paging.paginate(inbox.listed(request.user, state), request.GET)
    return render(
        request,
        "notifications/list.html",
        {
            "page": pager.page,
            "pager": pager,
            "state": state,
            "states": STATES,
            "unread": inbox.unread_count(request.user),
            "manages_channels": has_perm(request.user, "channel.manage"),
        },
    )


def _back(request):
    return redirect(f"/notifications/?state={request.POST.get('state', '')}")


@require_POST
@login_required
def notification_read(request):
    inbox.mark_read(request.user, request.POST.getlist("id"))
    return _back(request)


@require_POST
@login_required
def notification_read_all(request):
    inbox.mark_all_read(request.user)
    return _back(request)


@require_POST
@login_required
def notification_open(request, notification_id: int):
    """Mark the notification read and go where it points (only within the site)."""
    notification = get_object_or_404(access.notifications_for(request.user), pk=notification_id)
    inbox.mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return _back(request)
