"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

from django.urls import path

from zhenxing.points import views_publish

app_name = "points"
urlpatterns: list = [
    # publish
    path("rankings/", views_publish.rankings, name="rankings"),
    path("rankings/publish/", views_publish.publish, name="publish"),
    path("publications/", views_publish.publications, name="publications"),
    path("publications/<int:pk>/", views_publish.publication, name="publication"),
    path("publications/<int:pk>/objections/", views_publish.objection_file, name="objection_file"),
    path("objections/<int:pk>/resolve/", views_publish.objection_resolve, name="objection_resolve"),
    path("year-close/", views_publish.year_close, name="year_close"),
    path("year-close/<str:code>/", views_publish.year_close_run, name="year_close_run"),
    path("year-close/results/<int:pk>/", views_publish.year_results, name="year_results"),
]
