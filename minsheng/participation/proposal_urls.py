"""Placeholder routes (the names are fixed; the views replace the placeholder)."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "proposals"
_placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("proposals/new/", _placeholder, name="new"),
    path("proposals/track/", _placeholder, name="track"),
    path("proposals/", _placeholder, name="queue"),
]
