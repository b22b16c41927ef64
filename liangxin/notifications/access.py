"""Who sees which notifications: each person their own, whatever their role; nobody another's."""

from liangxin.accounts.models import User
from liangxin.notifications.models import Notification


def notifications_for(user: User):
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
