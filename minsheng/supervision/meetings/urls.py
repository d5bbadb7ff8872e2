from django.urls import path

from minsheng.supervision.meetings import views

app_name = "meetings"
urlpatterns = [
    path("supervision/meetings/", views.meetings_home, name="home"),
    path("supervision/meetings/pack.docx", views.meeting_pack, name="pack"),
    path("supervision/meetings/decisions/new/", views.decision_new, name="decision_new"),
    path("supervision/meetings/decisions/<id:pk>/done/", views.decision_done, name="decision_done"),
]
