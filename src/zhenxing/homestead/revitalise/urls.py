"""闲置盘活 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.revitalise import views

urlpatterns = [
    path("idle/", views.idle, name="idle"),
    path("idle/<int:pk>/", views.idle_parcel, name="idle_parcel"),
    path("idle/<int:pk>/survey/", views.survey_new, name="idle_survey_new"),
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/parcels/", views.project_link, name="project_link"),
    path("projects/<int:pk>/parcels/remove/", views.project_unlink, name="project_unlink"),
]
