"""资格权 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.eligibility import views

urlpatterns = [
    path("eligibility/", views.eligibility, name="eligibility"),
]
