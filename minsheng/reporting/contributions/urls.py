"""Co-units' contributions to a project's progress."""

from django.urls import path

from minsheng.reporting.contributions import views

app_name = "contributions"
urlpatterns = [
    path("projects/<id:project_id>/contribute/", views.contribute, name="form"),
    path("projects/<id:project_id>/contribute/<str:period>/", views.contribute, name="form_period"),
]
