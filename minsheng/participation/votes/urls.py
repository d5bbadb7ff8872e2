"""The deputies' vote: sessions, ballots and results."""

from django.urls import path

from minsheng.participation.votes import views

app_name = "votes"
urlpatterns = [
    path("votes/", views.home, name="home"),
    path("votes/<id:session_id>/", views.session, name="session"),
    path("votes/<id:session_id>/settings/", views.session_settings, name="settings"),
    path("votes/<id:session_id>/open/", views.open_vote, name="open"),
    path("votes/<id:session_id>/close/", views.close_vote, name="close"),
    path("votes/<id:session_id>/publish/", views.publish, name="publish"),
    path("votes/<id:session_id>/second-round/", views.second_round, name="second_round"),
    path("votes/candidates/<id:candidate_id>/", views.candidate, name="candidate"),
    path("votes/<id:session_id>/ballot/", views.ballot, name="ballot"),
    path("votes/<id:session_id>/result/", views.result, name="result"),
]
