"""Placeholder routes (the names are fixed; the views replace the placeholder)."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "votes"
_placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("votes/", _placeholder, name="home"),
]
