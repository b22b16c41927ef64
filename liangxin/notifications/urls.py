from django.urls import path

from liangxin.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
]
