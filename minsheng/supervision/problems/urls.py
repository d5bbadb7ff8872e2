"""The three lists (问题 / 责任 / 整改)."""

from django.urls import path

from minsheng.supervision.problems import views

app_name = "problems"
urlpatterns = [
    path("problems/", views.problem_list, name="list"),
    path("problems/export.xlsx", views.problem_export, name="export"),
    path("problems/export.docx", views.problem_export, {"fmt": "docx"}, name="export_docx"),
    path("plans/<id:plan_id>/problems/", views.problem_list, name="plan"),
    path("plans/<id:plan_id>/problems/export.xlsx", views.problem_export, name="plan_export"),
    path(
        "plans/<id:plan_id>/problems/export.docx",
        views.problem_export,
        {"fmt": "docx"},
        name="plan_export_docx",
    ),
    path("plans/<id:plan_id>/problems/new/", views.problem_new, name="new"),
    path("problems/<id:problem_id>/", views.problem_detail, name="detail"),
    path("problems/<id:problem_id>/act/", views.problem_act, name="act"),
]
