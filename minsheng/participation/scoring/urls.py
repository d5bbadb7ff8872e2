"""The office's scoring of shortlisted proposals and the candidate list."""

from django.urls import path

from minsheng.participation.scoring import views

app_name = "scoring"
urlpatterns = [
    path("votes/scoring/", views.scoring_page, name="page"),
    path("votes/scoring/<id:proposal_id>/score/", views.score, name="score"),
    path("votes/scoring/candidates/", views.candidates, name="candidates"),
]
