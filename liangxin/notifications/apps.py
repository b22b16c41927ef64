from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "liangxin.notifications"
    verbose_name = "消息通知"

    def ready(self):
        from liangxin.notifications import access, audit_actions  # noqa: F401 - permissions, audit actions
