from django.urls import path

from liangxin.queue import views

app_name = "queue"
urlpatterns = [path("", views.periodic_list, name="periodic")]
