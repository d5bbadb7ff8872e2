"""The office's orders on a project and the answers to them: urges (催办), 督办单, the escalation ladder's
proposals, and leaders' instructions (批示). The paths said "notices" until the 督办单 got its own name;
the old paths redirect, so links in notifications already sent keep working."""

from django.urls import path
from django.views.generic import RedirectView

from minsheng.supervision.orders import views

app_name = "orders"


def _moved(new: str) -> RedirectView:
    return RedirectView.as_view(url=new, permanent=True, query_string=True)


urlpatterns = [
    path("projects/<id:project_id>/orders/", views.project_orders, name="project"),
    path("projects/<id:project_id>/orders/urge/", views.urge, name="urge"),
    path("projects/<id:project_id>/orders/new/", views.order_new, name="new"),
    path("projects/<id:project_id>/instructions/new/", views.instruct, name="instruct"),
    path("supervision/instructions/<id:pk>/reply/", views.instruction_reply, name="reply"),
    path("supervision/orders/", views.order_list, name="list"),
    path("supervision/orders/<id:pk>/", views.order_detail, name="detail"),
    path("supervision/orders/<id:pk>/answer/", views.order_answer, name="answer"),
    path("supervision/orders/<id:pk>/close/", views.order_close, name="close"),
    path("supervision/orders/<id:pk>/send-back/", views.order_send_back, name="send_back"),
    path("supervision/orders/<id:pk>/confirm/", views.order_confirm, name="confirm"),
    path("supervision/orders/<id:pk>/dismiss/", views.order_dismiss, name="dismiss"),
    # the paths before the rename
    path("projects/<id:project_id>/notices/", _moved("/projects/%(project_id)s/orders/")),
    path("supervision/notices/", _moved("/supervision/orders/")),
    path("supervision/notices/<id:pk>/", _moved("/supervision/orders/%(pk)s/")),
]
