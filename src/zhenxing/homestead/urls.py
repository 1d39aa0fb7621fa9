from django.urls import path

from zhenxing.homestead import views

app_name = "homestead"
urlpatterns = [
    path("parcels/", views.parcels, name="parcels"),
    path("parcels/<int:pk>/", views.parcel, name="parcel"),
    path("eligibility/", views.eligibility, name="eligibility"),
]
