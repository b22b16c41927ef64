from django.urls import path

from liangxin.reporting import views

app_name = "reporting"
base = "plans/<str:code>/periods"
urlpatterns = [
    path(f"{base}/", views.period_list, name="periods"),
    path(f"{base}/open/", views.period_open, name="period_open"),
    path(f"{base}/<str:key>/", views.period_detail, name="period"),
    path(f"{base}/<str:key>/close/", views.period_close, name="period_close"),
    path(f"{base}/<str:key>/remind/", views.period_remind, name="period_remind"),
    path(f"{base}/<str:key>/dispatch/", views.period_dispatch, name="period_dispatch"),
    path(f"{base}/<str:key>/bulletin/", views.bulletin_save, name="bulletin_save"),
    path(f"{base}/<str:key>/bulletin/issue/", views.bulletin_issue, name="bulletin_issue"),
    path(f"{base}/<str:key>/submissions/<slug:department>/", views.submission_form, name="submission"),
    path(
        f"{base}/<str:key>/submissions/<slug:department>/versions/",
        views.submission_versions,
        name="versions",
    ),
    path(f"{base}/<str:key>/submissions/<slug:department>/form.xlsx", views.submission_xlsx, name="xlsx"),
    path(f"{base}/<str:key>/submissions/<slug:department>/upload/", views.submission_upload, name="upload"),
    path(
        f"{base}/<str:key>/submissions/<slug:department>/evidence/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        f"{base}/<str:key>/submissions/<slug:department>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence",
    ),
    path(
        f"{base}/<str:key>/submissions/<slug:department>/evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
]
