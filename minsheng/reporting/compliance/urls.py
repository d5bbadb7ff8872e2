from django.urls import path

from minsheng.reporting.compliance import views as office_views

app_name = "compliance"
urlpatterns = [
    path("compliance/", office_views.office_compliance, name="office"),
    path("plans/<id:plan_id>/compliance/", office_views.plan_compliance, name="plan"),
    path("plans/<id:plan_id>/reopen/", office_views.reopen, name="reopen"),
]
