from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "liangxin.plans"
    verbose_name = "工作方案"

    def ready(self):
        from liangxin.plans import audit_actions, sources  # noqa: F401 - audit actions, the records version
