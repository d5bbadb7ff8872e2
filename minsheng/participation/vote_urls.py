"""The deputies' vote: scoring and the candidate list (office), sessions, ballots and results."""

from django.urls import path

from minsheng.participation import scoring_views, vote_views

app_name = "votes"
urlpatterns = [
    path("votes/", vote_views.home, name="home"),
    path("votes/scoring/", scoring_views.scoring_page, name="scoring"),
    path("votes/scoring/<id:proposal_id>/score/", scoring_views.score, name="score"),
    path("votes/scoring/candidates/", scoring_views.candidates, name="candidates"),
    path("votes/<id:session_id>/", vote_views.session, name="session"),
    path("votes/<id:session_id>/settings/", vote_views.session_settings, name="settings"),
    path("votes/<id:session_id>/open/", vote_views.open_vote, name="open"),
    path("votes/<id:session_id>/close/", vote_views.close_vote, name="close"),
    path("votes/<id:session_id>/publish/", vote_views.publish, name="publish"),
    path("votes/<id:session_id>/second-round/", vote_views.second_round, name="second_round"),
    path("votes/candidates/<id:candidate_id>/", vote_views.candidate, name="candidate"),
    path("votes/<id:session_id>/ballot/", vote_views.ballot, name="ballot"),
    path("votes/<id:session_id>/result/", vote_views.result, name="result"),
]
