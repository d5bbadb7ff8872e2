from django.urls import path

from minsheng.accounts import audit, import_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/password/", views.password_change, name="password"),
    path("office/accounts/", views.account_list, name="list"),
    path("office/accounts/new/", views.account_new, name="new"),
    path("office/accounts/<id:pk>/", views.account_detail, name="detail"),
    path("office/accounts/<id:pk>/act/", views.account_act, name="act"),
    path("office/units/", views.unit_list, name="units"),
    path("office/units/new/", views.unit_new, name="unit_new"),
    path("office/audit/", audit.audit_list, name="audit"),
    path("office/import/", import_views.import_people, name="import"),
    path("office/import/template.xlsx", import_views.import_template, name="import_template"),
]
