"""网格与入户走访 pages, included by the app's urls.py (names in the "governance" namespace)."""

from django.urls import path

from zhenxing.governance.visits import views

urlpatterns = [
    path("grid/", views.grid, name="grid"),
    path("grid/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("visits/", views.visits, name="visits"),
]
