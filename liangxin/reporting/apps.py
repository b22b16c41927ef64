from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "liangxin.reporting"
    verbose_name = "调度填报"

    def ready(self):
        from liangxin.reporting import access, audit_actions, todo  # noqa: F401 - permissions, audit actions, to-do
