from django.urls import path

from liangxin.projects import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/export.xlsx", views.project_export, name="export"),
    path("projects/import/", views.project_import, name="import"),
    path("projects/import/template.xlsx", views.import_template, name="import_template"),
    path("projects/recommend/", views.recommend, name="recommend"),
    path("projects/summary/", views.summary, name="summary"),
    path("projects/baselines/", views.baseline_table, name="baselines"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("projects/<int:pk>/checklist/", views.checklist_report, name="checklist"),
    path("projects/<int:pk>/stage/", views.stage_move, name="stage"),
    path("projects/<int:pk>/funding/", views.funding_add, name="funding"),
    path("projects/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("projects/<int:pk>/documents/<int:document_id>/", views.document_download, name="document"),
    path(
        "projects/<int:pk>/documents/<int:document_id>/delete/", views.document_delete, name="document_delete"
    ),
    path("projects/stage-changes/<int:change_id>/decide/", views.stage_decide, name="decide"),
]
