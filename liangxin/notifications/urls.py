from django.urls import path

from liangxin.notifications import channel_views, views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
    path("channels/", channel_views.channel_list, name="channels"),
    path("my-channels/", channel_views.my_channels, name="my_channels"),
    path("channels/<int:channel_id>/", channel_views.channel_detail, name="channel"),
    path("channels/<int:channel_id>/enable/", channel_views.channel_enable, name="channel_enable"),
    path("channels/<int:channel_id>/test/", channel_views.channel_test, name="channel_test"),
]
