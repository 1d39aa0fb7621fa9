"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

from django.urls import path

from zhenxing.governance import views_visits

app_name = "governance"
urlpatterns = [
    path("grid/", views_visits.grid, name="grid"),
    path("grid/<int:pk>/visit/", views_visits.visit_new, name="visit_new"),
    path("visits/", views_visits.visits, name="visits"),
]
