from django.urls import path

from minsheng.supervision import trajectory_views

app_name = "status"
urlpatterns = [
    path("projects/<id:project_id>/trajectory/", trajectory_views.trajectory_edit, name="trajectory"),
]
