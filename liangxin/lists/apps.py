from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "liangxin.lists"
    verbose_name = "两优两新清单"

    def ready(self):
        from liangxin.lists import access, audit_actions  # noqa: F401 - permissions, audit actions
