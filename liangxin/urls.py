from django.urls import include, path

from liangxin.api import api
from liangxin.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("liangxin.accounts.urls")),
    path("audit/", include("liangxin.audit.urls")),
    path("queue/", include("liangxin.queue.urls")),
    path("notifications/", include("liangxin.notifications.urls")),
    path("api/v1/", api.urls),
    path("", include("liangxin.monitoring.urls")),
    path("", include("liangxin.subsidies.urls")),
    path("", include("liangxin.reporting.urls")),
    path("", include("liangxin.plans.urls")),
    path("", include("liangxin.enterprises.urls")),
    path("", include("liangxin.projects.urls")),
    path("", include("liangxin.events.urls")),
    path("", include("liangxin.lists.urls")),
    path("", include("liangxin.lists.matching.urls")),
    path("plans/<str:code>/", views.plan_overview, name="plan_overview"),
]

handler500 = "liangxin.web.errors.server_error"
