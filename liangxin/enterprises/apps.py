from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "liangxin.enterprises"
    verbose_name = "企业与单位"

    def ready(self):
        from liangxin.enterprises import access, audit_actions  # noqa: F401 - declare permissions, audit actions
        from liangxin.enterprises import sources
        from liangxin.plans.sources import register

        register(sources.HONOURS)
