from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "liangxin.accounts"
    verbose_name = "账号与部门"

    def ready(self):
        from liangxin.accounts import access, audit_actions, signals, todo  # noqa: F401 - permissions, audit, login, to-do
