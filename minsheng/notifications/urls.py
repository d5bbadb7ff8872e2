from django.urls import path

from minsheng.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/<id:pk>/", views.notification_open, name="open"),
    path("notifications/<id:pk>/read/", views.notification_read, name="read"),
]
