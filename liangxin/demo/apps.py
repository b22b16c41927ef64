from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "liangxin.demo"
    verbose_name = "演示数据"
