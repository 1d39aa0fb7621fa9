"""评理说事 pages, included by the app's urls.py (names in the "governance" namespace)."""

from django.urls import path

from zhenxing.governance.mediation import views

urlpatterns = [
    path("mediation/points/", views.points, name="mediation_points"),
    path("mediation/points/new/", views.point_new, name="mediation_point_new"),
    path("mediation/points/<int:pk>/", views.point, name="mediation_point"),
    path("mediation/points/<int:pk>/mediators/", views.mediator_add, name="mediator_add"),
    path("mediation/mediators/", views.mediators, name="mediators"),
    path("mediation/disputes/", views.disputes, name="disputes"),
    path("mediation/disputes/deadlines/", views.dispute_deadlines, name="disputes_deadlines"),
    path("mediation/disputes/new/", views.dispute_new, name="dispute_new"),
    path("mediation/disputes/<int:pk>/", views.dispute, name="dispute"),
    path("mediation/disputes/<int:pk>/step/", views.dispute_step, name="dispute_step"),
    path("mediation/disputes/<int:pk>/files/", views.dispute_attach, name="dispute_attach"),
    path("mediation/disputes/<int:pk>/files/<int:file_pk>/", views.dispute_file, name="dispute_file"),
    path("mediation/disputes/<int:pk>/agreement/", views.dispute_agreement, name="dispute_agreement"),
]
