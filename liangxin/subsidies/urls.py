from django.urls import path

from liangxin.subsidies.imports import views as imports
from liangxin.subsidies.intake import form
from liangxin.subsidies.intake import views as intake
from liangxin.subsidies.payouts import views as payouts
from liangxin.subsidies.programmes import views as programmes
from liangxin.subsidies.review import views as review

app_name = "subsidies"
urlpatterns = [
    path("subsidies/applications/", intake.application_list, name="list"),
    path("subsidies/applications/new/<slug:code>/", form.new_application, name="new"),
    path("subsidies/applications/export.xlsx", intake.application_export, name="export"),
    path("subsidies/applications/<uuid:public_id>/", intake.application_detail, name="detail"),
    path("subsidies/applications/<uuid:public_id>/decide/<str:step>/", review.decide, name="decide"),
    path("subsidies/applications/<uuid:public_id>/reveal/", intake.reveal, name="reveal"),
    path(
        "subsidies/applications/<uuid:public_id>/invoices/<int:invoice_id>/",
        intake.invoice_download,
        name="invoice",
    ),
    path("subsidies/imports/", imports.import_list, name="imports"),
    path("subsidies/imports/upload/", imports.import_upload, name="import_upload"),
    path(
        "subsidies/imports/template/<slug:code>.csv", imports.import_template_csv, name="import_template_csv"
    ),
    path(
        "subsidies/imports/template/<slug:code>.xlsx",
        imports.import_template_xlsx,
        name="import_template_xlsx",
    ),
    path("subsidies/imports/<int:job_id>/", imports.import_detail, name="import"),
    path("subsidies/imports/<int:job_id>/resume/", imports.import_resume, name="import_resume"),
    path("subsidies/imports/<int:job_id>/result.xlsx", imports.import_result, name="import_result"),
    path("subsidies/payouts/", payouts.payout_list, name="payouts"),
    path("subsidies/payouts/new/", payouts.payout_create, name="payout_create"),
    path("subsidies/payouts/new/<slug:code>/", payouts.payout_confirm, name="payout_confirm"),
    path("subsidies/payouts/<int:batch_id>/", payouts.payout_detail, name="payout"),
    path("subsidies/payouts/<int:batch_id>/review/", payouts.payout_review, name="payout_review"),
    path("subsidies/payouts/<int:batch_id>/bank.xlsx", payouts.payout_bank_file, name="payout_bank_file"),
    path("subsidies/payouts/<int:batch_id>/results/", payouts.payout_results, name="payout_results"),
    path("subsidies/programmes/", programmes.programme_list, name="programmes"),
    path("subsidies/programmes/<slug:code>/", programmes.programme_detail, name="programme"),
    path("subsidies/programmes/<slug:code>/edit/", programmes.programme_edit, name="programme_edit"),
]
