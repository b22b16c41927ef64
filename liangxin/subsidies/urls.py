from django.urls import path

from liangxin.subsidies import views

app_name = "subsidies"
urlpatterns = [
    path("subsidies/applications/", views.application_list, name="list"),
    path("subsidies/applications/<uuid:public_id>/", views.application_detail, name="detail"),
    path("subsidies/applications/<uuid:public_id>/decide/<str:step>/", views.decide, name="decide"),
    path("subsidies/applications/<uuid:public_id>/reveal/", views.reveal, name="reveal"),
]
