"""吹哨报到 pages, included by the app's urls.py (names in the "governance" namespace)."""

from django.urls import path

from zhenxing.governance.cases import views

urlpatterns = [
    path("cases/home/", views.home, name="cases_home"),
    path("cases/", views.cases, name="cases"),
    path("cases/mine/", views.mine, name="cases_mine"),
    path("cases/report/", views.report, name="case_report"),
    path("cases/report/places/<str:code>.geojson", views.report_place, name="case_report_place"),
    path("cases/deadlines/", views.deadlines, name="cases_deadlines"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/act/", views.act, name="case_act"),
    path("cases/<int:pk>/reveal/", views.reveal_phone, name="case_reveal"),
    path("cases/<int:pk>/files/<int:file_pk>/", views.case_file, name="case_file"),
    path("cases/rates/", views.rates, name="case_rates"),
    path("cases/ranking/", views.ranking, name="case_ranking"),
    path("cases/categories/", views.categories, name="categories"),
    path("cases/categories/new/", views.category_new, name="category_new"),
    path("cases/categories/<int:pk>/", views.category_edit, name="category_edit"),
]
