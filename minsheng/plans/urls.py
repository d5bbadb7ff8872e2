from django.urls import path

from minsheng.plans import edit_views, views, workyear_views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("year/", workyear_views.work_year, name="work_year"),
    path("plans/<id:plan_id>/", views.plan_detail, name="detail"),
    path("plans/<id:plan_id>/edit/", edit_views.plan_edit, name="edit"),
    path("projects/<id:project_id>/", views.project_detail, name="project"),
    path("projects/<id:project_id>/edit/", edit_views.project_edit, name="project_edit"),
    path("projects/<id:project_id>/indicators/new/", edit_views.indicator_create, name="indicator_create"),
    path("indicators/<id:indicator_id>/edit/", edit_views.indicator_edit, name="indicator_edit"),
    path("my/", views.my_projects, name="mine"),
]
