from django.urls import path

from zhenxing.orgs import import_views

app_name = "imports"
urlpatterns = [
    path("", import_views.index, name="index"),
    path("template/<str:kind>.xlsx", import_views.template, name="template"),
    path("jobs/<int:pk>/", import_views.job, name="job"),
    path("jobs/<int:pk>/status/", import_views.job_status, name="job_status"),
    path("jobs/<int:pk>/confirm/", import_views.confirm, name="confirm"),
    path("jobs/<int:pk>/errors.xlsx", import_views.job_errors, name="job_errors"),
]
