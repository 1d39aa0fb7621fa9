from django.urls import path

from zhenxing.stats import map_views, views

app_name = "stats"
urlpatterns = [
    path("stats/", views.overview, name="overview"),
    path("stats/<str:code>/", views.dashboard, name="dashboard"),
    path("stats/<str:code>/targets/", views.set_target, name="set_target"),
    path("stats/<str:code>/refresh/", views.refresh, name="refresh"),
    path("stats/<str:code>/indicator/<str:key>/", views.drill, name="drill"),
    path("stats/<str:code>/map/<str:key>/", map_views.village_map, name="map"),
]
