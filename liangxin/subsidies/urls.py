from django.urls import path

from liangxin.subsidies import application_form, payout_views, programme_views, views

app_name = "subsidies"
urlpatterns = [
    path("subsidies/applications/", views.application_list, name="list"),
    path("subsidies/applications/new/<slug:code>/", application_form.new_application, name="new"),
    path("subsidies/applications/export.xlsx", views.application_export, name="export"),
    path("subsidies/applications/<uuid:public_id>/", views.application_detail, name="detail"),
    path("subsidies/applications/<uuid:public_id>/decide/<str:step>/", views.decide, name="decide"),
    path("subsidies/applications/<uuid:public_id>/reveal/", views.reveal, name="reveal"),
    path("subsidies/imports/", views.import_list, name="imports"),
    path("subsidies/imports/upload/", views.import_upload, name="import_upload"),
    path("subsidies/imports/<int:job_id>/", views.import_detail, name="import"),
    path("subsidies/imports/<int:job_id>/resume/", views.import_resume, name="import_resume"),
    path("subsidies/imports/<int:job_id>/result.xlsx", views.import_result, name="import_result"),
    path("subsidies/payouts/", payout_views.payout_list, name="payouts"),
    path("subsidies/payouts/new/", payout_views.payout_create, name="payout_create"),
    path(
        "subsidies/payouts/<int:batch_id>/bank.xlsx", payout_views.payout_bank_file, name="payout_bank_file"
    ),
    path("subsidies/payouts/<int:batch_id>/results/", payout_views.payout_results, name="payout_results"),
    path("subsidies/programmes/", programme_views.programme_list, name="programmes"),
    path("subsidies/programmes/<slug:code>/", programme_views.programme_detail, name="programme"),
    path("subsidies/programmes/<slug:code>/edit/", programme_views.programme_edit, name="programme_edit"),
]
