from django.urls import path

from liangxin.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/export/", views.event_export, name="export"),
    path("events/import/", views.event_import, name="import"),
    path("events/new/", views.event_create, name="create"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("events/<int:pk>/held/", views.event_held, name="held"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:pk>/delete/", views.event_delete, name="delete"),
    path("events/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "events/<int:pk>/participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("events/<int:pk>/outcomes/", views.outcome_add, name="outcome_add"),
    path("events/<int:pk>/outcomes/<int:outcome_id>/remove/", views.outcome_remove, name="outcome_remove"),
]
