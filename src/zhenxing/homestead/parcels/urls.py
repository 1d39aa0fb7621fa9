"""基础信息 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.parcels import views

urlpatterns = [
    path("parcels/", views.parcels, name="parcels"),
    path("parcels/<int:pk>/", views.parcel, name="parcel"),
    path("parcels/<int:pk>/documents/", views.parcel_attach, name="parcel_attach"),
]
