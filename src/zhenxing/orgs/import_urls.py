from django.urls import path

from zhenxing.orgs import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.index, name="index"),
]
