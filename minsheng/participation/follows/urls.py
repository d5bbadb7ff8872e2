"""The public's follows of projects and proposals (no login)."""

from django.urls import path

from minsheng.participation.follows import views

app_name = "follows"
urlpatterns = [
    path("public/projects/<id:project_id>/follow/", views.project, name="project"),
    path("proposals/track/<str:receipt>/follow/", views.proposal, name="proposal"),
    path("public/follows/", views.lookup, name="lookup"),
    path("public/follows/<str:receipt>/", views.page, name="page"),
    path("public/follows/<str:receipt>/confirm/", views.confirm, name="confirm"),
    path("public/follows/<str:receipt>/stop/", views.stop, name="stop"),
]
