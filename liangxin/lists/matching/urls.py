from django.urls import path

from liangxin.lists.matching import views

app_name = "matching"
urlpatterns = [
    path("lists/matches/", views.match_list, name="list"),
    path("lists/matches/export.xlsx", views.match_export, name="export"),
    path("lists/matches/<int:pk>/", views.match_detail, name="detail"),
    path("lists/matches/<int:pk>/state/", views.match_state, name="state"),
    path("lists/matches/for-demand/<int:pk>/", views.demand_candidates, name="for_demand"),
    path("lists/matches/for-supply/<int:pk>/", views.supply_candidates, name="for_supply"),
]
