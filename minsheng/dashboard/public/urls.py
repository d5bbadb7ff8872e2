"""The public board: no login (issue 6)."""

from django.urls import path

from minsheng.dashboard.public import sign
from minsheng.dashboard.public import views as public_views

app_name = "public"
urlpatterns = [
    path("public/", public_views.home, name="home"),
    path("public/plans/<id:plan_id>/", public_views.plan, name="plan"),
    path("public/plans/<id:plan_id>.csv", public_views.plan_csv, name="plan_csv"),
    path("public/plans/<id:plan_id>.json", public_views.plan_json, name="plan_json"),
    path("public/projects/<id:project_id>/", public_views.project, name="project"),
    path("public/photos/<id:attachment_id>/", public_views.photo, name="photo"),
    path("public/projects/<id:project_id>/qr.svg", sign.qr, name="qr"),
    path("public/projects/<id:project_id>/sign/", sign.sign, name="sign"),
]
