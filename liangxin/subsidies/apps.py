from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "liangxin.subsidies"
    verbose_name = "补贴与以旧换新"

    def ready(self):
        from liangxin.plans.sources import register
        from liangxin.subsidies import access, audit_actions, sources, todo  # noqa: F401 - permissions, audit actions, the plan's figures, to-do
        from liangxin.subsidies.programmes import formulas  # noqa: F401 - register the subsidy formulas

        register(sources.APPROVED_APPLICATIONS)
