from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"

    def ready(self):
        from liangxin.audit import access  # noqa: F401 - declares the app's permissions
