from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "liangxin.lists"
    verbose_name = "两优两新清单"

    def ready(self):
        from liangxin.lists import access, audit_actions, todo  # noqa: F401 - permissions, audit actions, to-do

        # matching: its permissions, audit actions and the word index kept on save
        from liangxin.lists.matching import access as matching_access  # noqa: F401
        from liangxin.lists.matching import audit_actions as matching_audit  # noqa: F401
        from liangxin.lists.matching import index  # noqa: F401
