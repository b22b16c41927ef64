from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "liangxin.audit"
    verbose_name = "审计"
