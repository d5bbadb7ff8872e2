"""A report's attachments, served only to those who may read the report."""

from django.urls import path

from minsheng.reporting.attachments import views

app_name = "attachments"
urlpatterns = [
    path("attachments/<id:attachment_id>/", views.attachment_file, name="file"),
    path(
        "attachments/<id:attachment_id>/thumbnail/",
        views.attachment_file,
        {"thumbnail": True},
        name="thumbnail",
    ),
    path("attachments/<id:attachment_id>/public/", views.photo_publicity, name="publicity"),
]
