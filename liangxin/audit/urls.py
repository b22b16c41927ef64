from django.urls import path

from liangxin.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("<int:seq>/", views.audit_detail, name="detail"),
]
