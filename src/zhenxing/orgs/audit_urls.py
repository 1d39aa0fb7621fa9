from django.urls import path

from zhenxing.orgs import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.log, name="log"),
    path("verify/", audit_views.verify, name="verify"),
]
