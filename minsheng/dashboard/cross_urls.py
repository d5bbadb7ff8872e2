"""Cross views: a commitment across years and levels (承诺全景)."""

from django.urls import path

from minsheng.dashboard import cross_views

app_name = "cross"
urlpatterns = [
    path("commitments/<id:project_id>/", cross_views.commitment, name="commitment"),
]
