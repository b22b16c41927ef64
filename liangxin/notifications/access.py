"""Who sees which notifications: each person their own, whatever their role; nobody another's. Who
configures the channels they are sent on through: a department's channels the system administrator and the
coordinator; one's own channels (one's mailbox, one's phone) every person, and nobody another's."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, has_perm, require
from liangxin.notifications.models import Channel, Delivery, Notification


def notifications_for(user: User):
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


define(
    "channel.manage",
    {Role.ADMIN, Role.COORDINATOR},
    "只有系统管理员和统筹协调人员可以配置部门的通知渠道",
)
define("channel.own", set(Role.values), "您的账号没有角色，不能配置自己的通知渠道")


def channels_for(user: User):
    """Every department's channels, for those who configure them."""
    require(user, "channel.manage")
    return Channel.objects.filter(user__isnull=True).select_related("department")


def own_channels(user: User):
    """The person's own channels."""
    require(user, "channel.own")
    return Channel.objects.filter(user=user).select_related("user")


def channel_or_404(user: User, pk) -> Channel:
    """A channel the user may configure: one's own, or a department's for those who configure them (403 for
    anyone else, whether or not it exists; 404 for another person's)."""
    if has_perm(user, "channel.own"):
        own = own_channels(user).filter(pk=pk).first()
        if own is not None:
            return own
    found = channels_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个通知渠道")
    return found


def require_configure(user: User, channel: Channel) -> None:
    """The check behind every change to a channel, whichever door it came through."""
    if channel.user_id is None:
        require(user, "channel.manage")
    elif channel.user_id != user.pk or not has_perm(user, "channel.own"):
        raise PermissionDenied("只能配置自己的通知渠道")


def deliveries_for(user: User, channel_id=None):
    """The delivery log of one channel (404 if there is none such), or of every department's channel."""
    if channel_id is not None:
        return channel_or_404(user, channel_id).deliveries.all()
    require(user, "channel.manage")
    return Delivery.objects.filter(channel__user__isnull=True).select_related("channel")
