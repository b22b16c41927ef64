from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "liangxin.monitoring"
    verbose_name = "监测调度"

    def ready(self):
        from liangxin.monitoring import audit_actions, bulletin_links, todo  # noqa: F401 - audit actions, links, to-do
