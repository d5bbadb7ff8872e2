"""Cross views: a commitment across years and levels (承诺全景)."""

from django.urls import path

from minsheng.dashboard.commitments import views as cross_views

app_name = "commitments"
urlpatterns = [
    path("commitments/<id:project_id>/", cross_views.commitment, name="detail"),
]
