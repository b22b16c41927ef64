from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "liangxin.events"
    verbose_name = "对接和促销活动"

    def ready(self):
        from liangxin.events import access, audit_actions, sources, todo  # noqa: F401 - permissions, audit actions, to-do

        sources.register_sources()
