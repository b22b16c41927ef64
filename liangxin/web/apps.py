from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "liangxin.web"
    verbose_name = "页面"
