"""Reports: the unit fills and submits, the approver in line approves or returns."""

from django.urls import path

from minsheng.reporting.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.inbox, name="inbox"),
    path("reports/approve/", views.approve_many, name="approve_many"),
    path("projects/<id:project_id>/report/", views.report_form, name="form"),
    path("projects/<id:project_id>/report/<str:period>/", views.report_form, name="form_period"),
    path("reports/<id:report_id>/", views.report_detail, name="detail"),
    path("reports/<id:report_id>/decide/", views.decide, name="decide"),
]
