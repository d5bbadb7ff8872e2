from django.urls import path

from minsheng.supervision.status import views as trajectory_views

app_name = "status"
urlpatterns = [
    path("projects/<id:project_id>/trajectory/", trajectory_views.trajectory_edit, name="trajectory"),
    path("colours.css", trajectory_views.colours, name="colours"),
]
