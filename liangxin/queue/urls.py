from django.urls import path

from liangxin.queue import views

app_name = "queue"
urlpatterns = [
    path("", views.periodic_list, name="periodic"),
    path("jobs/", views.my_jobs, name="jobs"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/file", views.job_file, name="job_file"),
]
