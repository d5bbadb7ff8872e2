from django.urls import path

from minsheng.notices import mark_views, views

app_name = "notices"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("sample.docx", views.sample, name="sample"),
    path("<id:pk>/", views.review, name="review"),
    path("<id:pk>/meta/", views.save_meta, name="meta"),
    path("<id:pk>/projects/<id:index>/", views.show_row, name="row"),
    path("<id:pk>/projects/<id:index>/edit/", views.edit_project, name="edit_project"),
    path("<id:pk>/projects/<id:index>/link/", views.decide_link, name="link"),
    path("<id:pk>/mark/", mark_views.mark, name="mark"),
    path("<id:pk>/commit/", views.commit, name="commit"),
    path("<id:pk>/discard/", views.discard, name="discard"),
]
