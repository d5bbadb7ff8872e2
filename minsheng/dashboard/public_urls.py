"""Placeholder routes (the names are fixed; the views replace the placeholder)."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "public"
_placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("public/", _placeholder, name="home"),
    path("public/plans/<int:plan_id>/", _placeholder, name="plan"),
    path("public/plans/<int:plan_id>.csv", _placeholder, name="plan_csv"),
    path("public/plans/<int:plan_id>.json", _placeholder, name="plan_json"),
    path("public/projects/<int:project_id>/", _placeholder, name="project"),
    path("public/photos/<int:attachment_id>/", _placeholder, name="photo"),
]
