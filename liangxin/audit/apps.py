from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"

    def ready(self):
        from liangxin.audit import access, audit_actions  # noqa: F401 - declare the permissions, audit actions
