"""The cascade of an allocated indicator to lower regions."""

from django.urls import path

from minsheng.supervision.cascade import views

app_name = "cascade"
urlpatterns = [
    path("projects/<id:project_id>/cascade/", views.cascade, name="project"),
]
