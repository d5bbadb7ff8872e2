from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("sample.docx", views.sample, name="sample"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/meta/", views.save_meta, name="meta"),
    path("<int:pk>/projects/<int:index>/", views.show_row, name="row"),
    path("<int:pk>/projects/<int:index>/edit/", views.edit_project, name="edit_project"),
    path("<int:pk>/projects/<int:index>/link/", views.decide_link, name="link"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
