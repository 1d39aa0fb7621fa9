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

from zhenxing.homestead import documents_views, views_applications  # noqa: E402  申请审批

urlpatterns += [
    path("applications/", views_applications.applications, name="applications"),
    path("applications/new/", views_applications.application_new, name="application_new"),
    path("applications/deadlines/", views_applications.deadlines, name="application_deadlines"),
    path("applications/<int:pk>/", views_applications.application, name="application"),
    path("applications/<int:pk>/step/", views_applications.application_step, name="application_step"),
    path("applications/<int:pk>/files/", views_applications.application_attach, name="application_attach"),
    path("applications/<int:pk>/files/<int:file_pk>/", views_applications.application_file,
         name="application_file"),
    path("applications/<int:pk>/objections/", views_applications.objection_add, name="objection_add"),
    path("applications/<int:pk>/objections/<int:objection_pk>/", views_applications.objection_resolve,
         name="objection_resolve"),
    path("applications/<int:pk>/opinions/", views_applications.opinion_sign, name="opinion_sign"),
    path("applications/<int:pk>/<str:document>.<str:fmt>", documents_views.document,
         name="application_document"),
]
