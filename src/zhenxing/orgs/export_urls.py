from django.urls import path

from zhenxing.orgs import export_views

app_name = "exports"
urlpatterns = [
    path("", export_views.index, name="index"),
    path("status/", export_views.status, name="status"),
    path("<int:pk>/download/", export_views.download, name="download"),
]
