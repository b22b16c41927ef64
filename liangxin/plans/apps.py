from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "liangxin.plans"
    verbose_name = "工作方案"

    def ready(self):
        from liangxin.plans import audit_actions  # noqa: F401 - declares the app's audit actions
