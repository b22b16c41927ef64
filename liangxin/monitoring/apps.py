from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "liangxin.monitoring"
    verbose_name = "监测调度"
