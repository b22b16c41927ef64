from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "liangxin.subsidies"
    verbose_name = "补贴与以旧换新"
