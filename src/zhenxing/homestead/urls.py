from django.urls import path

from zhenxing.homestead import views

app_name = "homestead"
urlpatterns = [
    path("parcels/", views.parcels, name="parcels"),
    path("parcels/<int:pk>/", views.parcel, name="parcel"),
    path("eligibility/", views.eligibility, name="eligibility"),
]

from zhenxing.homestead import map_views  # noqa: E402  一张图, appended without touching the lines above

urlpatterns += [
    path("map/", map_views.map_home, name="map_home"),
    path("map/<str:code>/", map_views.map_page, name="map"),
    path("map/<str:code>/parcels.geojson", map_views.parcels_geojson, name="map_parcels"),
    path("map/<str:code>/boundaries.geojson", map_views.boundaries_geojson, name="map_boundaries"),
]
