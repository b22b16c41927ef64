from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class QueueConfig(AppConfig):
    name = "liangxin.queue"
    verbose_name = "任务队列"

    def ready(self):
        from liangxin.queue import access, audit_actions  # noqa: F401 - permission, audited objects

        # every app's tasks.py registers its tasks and periodic tasks: the consumer must know them to run
        # them, and the web process to list the periodic ones with their schedules
        autodiscover_modules("tasks")
