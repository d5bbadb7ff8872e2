from django.urls import path

from minsheng.participation import views as hub_views

app_name = "participation"
urlpatterns = [
    path("participation/", hub_views.home, name="home"),
]
