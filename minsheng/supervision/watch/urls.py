"""The watchlist (重点关注)."""

from django.urls import path

from minsheng.supervision.watch import urge, views

app_name = "watch"
urlpatterns = [
    path("watchlist/", views.watchlist_page, name="list"),
    path("watchlist/urge/", urge.urge_many, name="urge_many"),
]
