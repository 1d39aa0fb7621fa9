from django.urls import path

from zhenxing.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.unit, name="unit"),
]
