from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "liangxin.projects"
    verbose_name = "项目库"

    def ready(self):
        from liangxin.projects import access, audit_actions, todo  # noqa: F401 - permissions, audit actions, to-do
