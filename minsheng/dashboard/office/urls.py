"""The office and leader dashboard."""

from django.urls import path

from minsheng.dashboard.office import views as office_views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", office_views.home, name="home"),
]
