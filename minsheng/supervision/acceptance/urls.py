"""Acceptance (验收交账) and the year-end review."""

from django.urls import path

from minsheng.supervision.acceptance import views

app_name = "acceptance"
urlpatterns = [
    path("projects/<id:project_id>/acceptance/", views.project_acceptance, name="project"),
    path("projects/<id:project_id>/year-end/", views.year_end, name="year_end"),
    path("acceptances/<id:acceptance_id>/decide/", views.decide, name="decide"),
    path("plans/<id:plan_id>/acceptance/", views.plan_acceptance, name="plan"),
]
