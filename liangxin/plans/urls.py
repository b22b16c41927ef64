from django.urls import path

from liangxin.plans import views

app_name = "plans"
urlpatterns = [
    path("tasks/", views.default_tasks, name="default_tasks"),
    path("policies/", views.default_policies, name="default_policies"),
    path("my/", views.my_department, name="my_department"),
    path("plans/<str:code>/tasks/", views.task_list, name="tasks"),
    path("plans/<str:code>/tasks/<int:number>/", views.task_detail, name="task"),
    path("plans/<str:code>/policies/", views.policy_list, name="policies"),
]
