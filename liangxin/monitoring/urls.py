from django.urls import path

from liangxin.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("plans/<str:code>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<str:code>/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("plans/<str:code>/indicators/<str:indicator>/", views.indicator_detail, name="indicator"),
]
