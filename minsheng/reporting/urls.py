from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("reports/", views.inbox, name="inbox"),
    path("projects/<int:project_id>/report/", views.report_form, name="form"),
    path("projects/<int:project_id>/report/<str:period>/", views.report_form, name="form_period"),
    path("reports/<int:report_id>/", views.report_detail, name="detail"),
    path("reports/<int:report_id>/decide/", views.decide, name="decide"),
]
