"""The three lists (问题 / 责任 / 整改), the cascade of allocated indicators, acceptance and year end."""

from django.urls import path

from minsheng.supervision import acceptance_views, cascade_views, problem_views

app_name = "lists"
urlpatterns = [
    path("problems/", problem_views.problem_list, name="problems"),
    path("problems/export.xlsx", problem_views.problem_export, name="problems_xlsx"),
    path("plans/<id:plan_id>/problems/", problem_views.problem_list, name="plan_problems"),
    path("plans/<id:plan_id>/problems/export.xlsx", problem_views.problem_export, name="plan_problems_xlsx"),
    path("plans/<id:plan_id>/problems/new/", problem_views.problem_new, name="problem_new"),
    path("problems/<id:problem_id>/", problem_views.problem_detail, name="problem"),
    path("problems/<id:problem_id>/act/", problem_views.problem_act, name="problem_act"),
    path("projects/<id:project_id>/cascade/", cascade_views.cascade, name="cascade"),
    path("projects/<id:project_id>/acceptance/", acceptance_views.project_acceptance, name="acceptance"),
    path("projects/<id:project_id>/year-end/", acceptance_views.year_end, name="year_end"),
    path("acceptances/<id:acceptance_id>/decide/", acceptance_views.decide, name="acceptance_decide"),
    path("plans/<id:plan_id>/acceptance/", acceptance_views.plan_acceptance, name="plan_acceptance"),
]
