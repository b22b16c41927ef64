from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "liangxin.notifications"
    verbose_name = "消息通知"

    def ready(self):
        from liangxin.notifications import access, audit_actions  # noqa: F401 - permissions, audit actions
        from liangxin.notifications.inbox import announce
        from liangxin.queue.periodic import ANNOUNCERS

        # a periodic task's problem (a broken audit chain) reaches whom it concerns
        ANNOUNCERS.append(announce)
