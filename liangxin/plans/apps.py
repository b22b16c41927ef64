from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "liangxin.plans"
    verbose_name = "工作方案"
