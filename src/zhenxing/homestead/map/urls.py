"""一张图 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.map import views

urlpatterns = [
    path("map/", views.map_home, name="map_home"),
    path("map/<str:code>/", views.map_page, name="map"),
    path("map/<str:code>/parcels.geojson", views.parcels_geojson, name="map_parcels"),
    path("map/<str:code>/boundaries.geojson", views.boundaries_geojson, name="map_boundaries"),
]
