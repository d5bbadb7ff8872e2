"""The public's problem reports (from a project's 民生码) and the office's queue."""

from django.urls import path

from minsheng.participation.problem_reports import views

app_name = "problem_reports"
urlpatterns = [
    path("public/projects/<id:project_id>/report/", views.new, name="new"),
    path("public/projects/<id:project_id>/report/done/", views.done, name="done"),
    path("public/problem-reports/", views.lookup, name="lookup"),
    path("public/problem-reports/<str:receipt>/", views.track, name="track"),
    path("supervision/public-reports/", views.queue, name="queue"),
    path("supervision/public-reports/<id:pk>/moderate/", views.moderate, name="moderate"),
]
