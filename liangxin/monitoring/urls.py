from django.urls import path

from liangxin.monitoring import bulletin_views, department_views, views

app_name = "monitoring"
urlpatterns = [
    path("plans/<str:code>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<str:code>/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path(
        "plans/<str:code>/departments/<slug:department>/", department_views.department_page, name="department"
    ),
    path("plans/<str:code>/indicators/<str:indicator>/", views.indicator_detail, name="indicator"),
    path("plans/<str:code>/periods/<str:key>/report.docx", bulletin_views.report_docx, name="report_docx"),
    path("plans/<str:code>/periods/<str:key>/report.xlsx", bulletin_views.report_xlsx, name="report_xlsx"),
]
