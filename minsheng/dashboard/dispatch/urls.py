"""The ten-day dispatch (每旬调度): the page and its Word export."""

from django.urls import path

from minsheng.dashboard.dispatch import views as dispatch_views

app_name = "dispatch"
urlpatterns = [
    path("dashboard/dispatch/", dispatch_views.dispatch_page, name="home"),
    path("dashboard/dispatch.docx", dispatch_views.dispatch_docx, name="docx"),
]
