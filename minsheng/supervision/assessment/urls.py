from django.urls import path

from minsheng.supervision.assessment import views

app_name = "assessment"
urlpatterns = [
    path("supervision/assessment/", views.assessment_home, name="home"),
    path("supervision/assessment/units/<id:unit_id>/", views.unit_page, name="unit"),
    path("supervision/assessment/rules/", views.scheme_page, name="scheme"),
    path("supervision/assessment/entries/new/", views.entry_new, name="entry_new"),
    path("supervision/assessment/entries/<id:pk>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("supervision/assessment/export.<str:fmt>", views.export, name="export"),
]
