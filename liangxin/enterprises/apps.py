from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "liangxin.enterprises"
    verbose_name = "企业与单位"

    def ready(self):
        from liangxin.enterprises import access, audit_actions, sources  # noqa: F401 - permissions, audit actions, the plan's figures
        from liangxin.plans.sources import register

        register(sources.HONOURS)
