"""The watchlist and the office's actions: urges, 督办单, the escalation ladder's proposals, leaders'
instructions."""

from django.urls import path

from minsheng.supervision import action_views, watchlist_views

app_name = "actions"
urlpatterns = [
    path("watchlist/", watchlist_views.watchlist_page, name="watchlist"),
    path("projects/<id:project_id>/notices/", action_views.project_notices, name="project_notices"),
    path("projects/<id:project_id>/notices/urge/", action_views.urge, name="urge"),
    path("projects/<id:project_id>/notices/new/", action_views.notice_new, name="notice_new"),
    path("projects/<id:project_id>/instructions/new/", action_views.instruct, name="instruct"),
    path("supervision/instructions/<id:pk>/reply/", action_views.instruction_reply, name="reply"),
    path("supervision/notices/", action_views.notice_list, name="notices"),
    path("supervision/notices/<id:pk>/", action_views.notice_detail, name="notice"),
    path("supervision/notices/<id:pk>/answer/", action_views.notice_answer, name="answer"),
    path("supervision/notices/<id:pk>/close/", action_views.notice_close, name="close"),
    path("supervision/notices/<id:pk>/send-back/", action_views.notice_send_back, name="send_back"),
    path("supervision/notices/<id:pk>/confirm/", action_views.notice_confirm, name="confirm"),
    path("supervision/notices/<id:pk>/dismiss/", action_views.notice_dismiss, name="dismiss"),
]
