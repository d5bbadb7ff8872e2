from django.urls import path

from minsheng.reporting.ledger import plan_views as ledger_plan_views
from minsheng.reporting.ledger import views as ledger_views

app_name = "ledger"
urlpatterns = [
    path("ledger/", ledger_views.week, name="week"),
    path("ledger/<id:project_id>/<str:period>/", ledger_views.row, name="row"),
    path("plans/<id:plan_id>/ledger/", ledger_plan_views.plan_ledger, name="plan"),
    path("plans/<id:plan_id>/ledger.xlsx", ledger_plan_views.export, name="export"),
    path("plans/<id:plan_id>/ledger/import/", ledger_plan_views.import_view, name="import"),
]
