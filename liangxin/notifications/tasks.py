"""The notifications' queue tasks, for the consumer to know: a delivery to a channel."""

from liangxin.notifications.delivery import deliver

__all__ = ["deliver"]
