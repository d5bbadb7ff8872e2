from django.urls import path

from minsheng.supervision.bulletins import views as bulletin_views

app_name = "bulletins"
urlpatterns = [
    path("plans/<id:plan_id>/bulletins/", bulletin_views.bulletin_list, name="list"),
    path("plans/<id:plan_id>/bulletins/generate/", bulletin_views.generate, name="generate"),
    path("bulletins/<id:pk>/", bulletin_views.detail, name="detail"),
    path("bulletins/<id:pk>/edit/", bulletin_views.edit, name="edit"),
    path("bulletins/<id:pk>/download.<str:ext>", bulletin_views.download, name="download"),
]
