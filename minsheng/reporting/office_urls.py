from django.urls import path

from minsheng.reporting import office_views

app_name = "office"
urlpatterns = [
    path("compliance/", office_views.office_compliance, name="compliance"),
    path("plans/<id:plan_id>/compliance/", office_views.plan_compliance, name="plan_compliance"),
    path("plans/<id:plan_id>/reopen/", office_views.reopen, name="reopen"),
]
