from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "liangxin.subsidies"
    verbose_name = "补贴与以旧换新"

    def ready(self):
        from liangxin.subsidies import access  # noqa: F401 - declares the app's permissions
