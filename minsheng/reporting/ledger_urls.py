from django.urls import path

from . import ledger_views

app_name = "ledger"
urlpatterns = [
    path("ledger/", ledger_views.week, name="week"),
    path("ledger/<id:project_id>/<str:period>/", ledger_views.row, name="row"),
    path("plans/<id:plan_id>/ledger/", ledger_views.plan_ledger, name="plan"),
    path("plans/<id:plan_id>/ledger.xlsx", ledger_views.export, name="export"),
    path("plans/<id:plan_id>/ledger/import/", ledger_views.import_view, name="import"),
]
