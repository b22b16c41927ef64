from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "liangxin.projects"
    verbose_name = "项目库"

    def ready(self):
        from liangxin.projects import access, audit_actions, progress, sources, todo  # noqa: F401

        progress.register()  # the monthly progress: a part of the department's report (reporting.parts)
        sources.register_all()  # the plan's figures computed from projects, where plans has sources
