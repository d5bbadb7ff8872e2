"""The year-end evaluation (deputies) and the public survey."""

from django.urls import path

from minsheng.participation.evaluations import survey_views
from minsheng.participation.evaluations import views as evaluation_views

app_name = "evaluations"
urlpatterns = [
    path("evaluations/", evaluation_views.home, name="home"),
    path("evaluations/new/", evaluation_views.create, name="create"),
    path("evaluations/<id:evaluation_id>/", evaluation_views.detail, name="detail"),
    path("evaluations/<id:evaluation_id>/vote/", evaluation_views.vote, name="vote"),
    path("evaluations/<id:evaluation_id>/<str:action>/", evaluation_views.step, name="step"),
    path("public/projects/<id:project_id>/survey/", survey_views.survey, name="survey"),
    path("public/projects/<id:project_id>/survey/thanks/", survey_views.thanks, name="survey_thanks"),
]
