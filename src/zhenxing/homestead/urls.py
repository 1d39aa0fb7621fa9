"""The homestead pages, module by module (homestead.modules lists them for the 宅基地 tabs)."""

from django.urls import path

from zhenxing.homestead import documents_views, map_views, views, views_applications
from zhenxing.homestead.views_use import exits as exit_views
from zhenxing.homestead.views_use import fees as fee_views
from zhenxing.homestead.views_use import transfers as transfer_views

app_name = "homestead"
urlpatterns = [
    path("parcels/", views.parcels, name="parcels"),
    path("parcels/<int:pk>/", views.parcel, name="parcel"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("map/", map_views.map_home, name="map_home"),
    path("map/<str:code>/", map_views.map_page, name="map"),
    path("map/<str:code>/parcels.geojson", map_views.parcels_geojson, name="map_parcels"),
    path("map/<str:code>/boundaries.geojson", map_views.boundaries_geojson, name="map_boundaries"),
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
    path("transfers/", transfer_views.transfers, name="transfers"),
    path("transfers/expiring/", transfer_views.transfers_expiring, name="transfers_expiring"),
    path("transfers/new/", transfer_views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", transfer_views.transfer, name="transfer"),
    path("transfers/<int:pk>/edit/", transfer_views.transfer_edit, name="transfer_edit"),
    path("transfers/<int:pk>/terminate/", transfer_views.transfer_terminate, name="transfer_terminate"),
    path("fees/", fee_views.fee_bills, name="fee_bills"),
    path("fees/issue/", fee_views.fee_issue, name="fee_issue"),
    path("fees/<int:pk>/", fee_views.fee_bill, name="fee_bill"),
    path("fees/<int:pk>/pay/", fee_views.fee_pay, name="fee_pay"),
    path("fees/<int:pk>/reduce/", fee_views.fee_reduce, name="fee_reduce"),
    path("exits/", exit_views.exits, name="exits"),
    path("exits/new/", exit_views.exit_new, name="exit_new"),
    path("exits/<int:pk>/", exit_views.exit_detail, name="exit"),
    path("exits/<int:pk>/edit/", exit_views.exit_edit, name="exit_edit"),
    path("exits/<int:pk>/advance/", exit_views.exit_advance, name="exit_advance"),
]
