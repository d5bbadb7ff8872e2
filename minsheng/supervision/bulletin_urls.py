from django.urls import path

from . import bulletin_views

app_name = "bulletin"
urlpatterns = [
    path("plans/<int:plan_id>/bulletins/", bulletin_views.bulletin_list, name="list"),
    path("plans/<int:plan_id>/bulletins/generate/", bulletin_views.generate, name="generate"),
    path("bulletins/<int:pk>/", bulletin_views.detail, name="detail"),
    path("bulletins/<int:pk>/edit/", bulletin_views.edit, name="edit"),
    path("bulletins/<int:pk>/download.<str:ext>", bulletin_views.download, name="download"),
]
