"""申请审批 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.applications import views

urlpatterns = [
    path("applications/", views.applications, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/site/layers.geojson", views.site_layers, name="application_site_layers"),
    path("applications/site/check/", views.site_check, name="application_site_check"),
    path("applications/deadlines/", views.deadlines, name="application_deadlines"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/step/", views.application_step, name="application_step"),
    path("applications/<int:pk>/files/", views.application_attach, name="application_attach"),
    path("applications/<int:pk>/files/<int:file_pk>/", views.application_file,
         name="application_file"),
    path("applications/<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("applications/<int:pk>/objections/<int:objection_pk>/", views.objection_resolve,
         name="objection_resolve"),
    path("applications/<int:pk>/opinions/", views.opinion_sign, name="opinion_sign"),
    path("applications/<int:pk>/<str:document>.<str:fmt>", views.document,
         name="application_document"),
]
