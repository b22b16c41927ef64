"""Who sees which notifications: each person their own, whatever their role; nobody another's. Who
configures the channels they are sent on through: the system administrator and the coordinator."""

from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, require
from liangxin.notifications.models import Channel, Delivery, Notification


def notifications_for(user: User):
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


define(
    "channel.manage",
    {Role.ADMIN, Role.COORDINATOR},
    "只有系统管理员和统筹协调人员可以配置通知渠道",
)


def channels_for(user: User):
    """Every department's channels, for those who configure them."""
    require(user, "channel.manage")
    return Channel.objects.select_related("department", "user")


def channel_or_404(user: User, pk) -> Channel:
    return get_object_or_404(channels_for(user), pk=pk)


def deliveries_for(user: User, channel_id=None):
    """The delivery log of one channel (404 if there is none such), or of every channel."""
    if channel_id is not None:
        return channel_or_404(user, channel_id).deliveries.all()
    require(user, "channel.manage")
    return Delivery.objects.select_related("channel")
