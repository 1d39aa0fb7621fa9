"""包保 pages, included by the app's urls.py (names in the "mechanisms" namespace)."""

from django.urls import path

from zhenxing.mechanisms.duties import views

urlpatterns = [
    path("duties/", views.duties, name="duties"),
    path("duties/new/", views.duty_new, name="duty_new"),
    path("duties/<int:pk>/", views.duty, name="duty"),
    path("duties/<int:pk>/end/", views.duty_end, name="duty_end"),
]
