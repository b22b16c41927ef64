from django.urls import path

from liangxin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("tokens/", views.create_token, name="create_token"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("password/", views.change_password, name="change_password"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<str:username>/", views.user_detail, name="user"),
    path("users/<str:username>/disable/", views.user_active, {"active": False}, name="user_disable"),
    path("users/<str:username>/enable/", views.user_active, {"active": True}, name="user_enable"),
    path("users/<str:username>/roles/", views.user_roles, name="user_roles"),
]
