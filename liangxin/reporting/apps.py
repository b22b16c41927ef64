from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "liangxin.reporting"
    verbose_name = "调度填报"
