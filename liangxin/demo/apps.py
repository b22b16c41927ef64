from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "liangxin.demo"
    verbose_name = "演示数据"

    def ready(self):
        from liangxin.demo import audit_actions  # noqa: F401 - declares the app's audit actions
