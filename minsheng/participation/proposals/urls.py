"""Public proposals (no login: the form, the receipt, following it) and the office's moderation."""

from django.urls import path

from minsheng.participation.proposals import moderation_views
from minsheng.participation.proposals import views as proposal_views

app_name = "proposals"
urlpatterns = [
    path("proposals/new/", proposal_views.new, name="new"),
    path("proposals/new/done/", proposal_views.done, name="done"),
    path("proposals/track/", proposal_views.track, name="track"),
    path("proposals/track/<str:receipt>/", proposal_views.track_receipt, name="track_receipt"),
    path("proposals/", moderation_views.queue, name="queue"),
    path("proposals/<id:proposal_id>/", moderation_views.detail, name="detail"),
    path("proposals/<id:proposal_id>/act/", moderation_views.act, name="act"),
]
