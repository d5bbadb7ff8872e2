from django.urls import path

from minsheng.reporting import attachment_views, calendar_views, contribution_views, views

app_name = "reporting"
urlpatterns = [
    path("reports/", views.inbox, name="inbox"),
    path("plans/<id:plan_id>/calendar/", calendar_views.calendar_edit, name="calendar"),
    path("projects/<id:project_id>/report/", views.report_form, name="form"),
    path("projects/<id:project_id>/report/<str:period>/", views.report_form, name="form_period"),
    path("projects/<id:project_id>/contribute/", contribution_views.contribute, name="contribute"),
    path(
        "projects/<id:project_id>/contribute/<str:period>/",
        contribution_views.contribute,
        name="contribute_period",
    ),
    path("reports/<id:report_id>/", views.report_detail, name="detail"),
    path("reports/<id:report_id>/decide/", views.decide, name="decide"),
    path("attachments/<id:attachment_id>/", attachment_views.attachment_file, name="attachment"),
    path(
        "attachments/<id:attachment_id>/thumbnail/",
        attachment_views.attachment_file,
        {"thumbnail": True},
        name="attachment_thumbnail",
    ),
    path("attachments/<id:attachment_id>/public/", attachment_views.photo_publicity, name="photo_publicity"),
]
