"""积分排名与公示 pages: rankings, publications and objections, the year close (names in `points`)."""

from django.urls import path

from zhenxing.points.publish import views

urlpatterns: list = [
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/publish/", views.publish, name="publish"),
    path("publications/", views.publications, name="publications"),
    path("publications/<int:pk>/", views.publication, name="publication"),
    path("publications/<int:pk>/objections/", views.objection_file, name="objection_file"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("year-close/", views.year_close, name="year_close"),
    path("year-close/<str:code>/", views.year_close_run, name="year_close_run"),
    path("year-close/results/<int:pk>/", views.year_results, name="year_results"),
]
