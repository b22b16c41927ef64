from django.urls import path

from liangxin.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("enterprises/", views.unit_list, name="list"),
    path("enterprises/new/", views.unit_create, name="create"),
    path("enterprises/export.xlsx", views.unit_export, name="export"),
    path("enterprises/import/", views.unit_import, name="import"),
    path("enterprises/honour-kinds/", views.honour_kinds, name="honour_kinds"),
    path("enterprises/<int:pk>/", views.unit_detail, name="unit"),
    path("enterprises/<int:pk>/edit/", views.unit_edit, name="edit"),
    path("enterprises/<int:pk>/reveal/", views.unit_reveal, name="reveal"),
    path("enterprises/<int:pk>/honours/", views.honour_record, name="honour_record"),
    path("enterprises/honours/<int:pk>/withdraw/", views.honour_withdraw, name="honour_withdraw"),
    path("enterprises/honours/<int:pk>/document/", views.honour_document, name="honour_document"),
]
