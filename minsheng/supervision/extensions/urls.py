from django.urls import path

from minsheng.supervision.extensions import views

app_name = "extensions"
urlpatterns = [
    path("projects/<id:project_id>/extensions/", views.project_extensions, name="project"),
    path("projects/<id:project_id>/extensions/new/", views.extension_request, name="new"),
    path("supervision/extensions/<id:pk>/decide/", views.extension_decide, name="decide"),
    path("supervision/extensions/", views.extension_list, name="list"),
]
