from django.urls import path

from . import edit_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("plans/<int:plan_id>/", views.plan_detail, name="detail"),
    path("plans/<int:plan_id>/edit/", edit_views.plan_edit, name="edit"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", edit_views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/indicators/new/", edit_views.indicator_create, name="indicator_create"),
    path("indicators/<int:indicator_id>/edit/", edit_views.indicator_edit, name="indicator_edit"),
    path("my/", views.my_projects, name="mine"),
]
