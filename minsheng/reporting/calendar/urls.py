"""A plan's reporting calendar."""

from django.urls import path

from minsheng.reporting.calendar import views

app_name = "calendar"
urlpatterns = [
    path("plans/<id:plan_id>/calendar/", views.calendar_edit, name="edit"),
]
