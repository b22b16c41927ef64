from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"

    def ready(self):
        from liangxin.audit import access, audit_actions, todo  # noqa: F401 - permissions, audit actions, to-do
