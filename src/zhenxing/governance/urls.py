"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

from django.urls import path

from zhenxing.governance import views_cases, views_mediation
from zhenxing.governance.teams import urls as teams_urls
from zhenxing.governance.visits import urls as visits_urls

app_name = "governance"
urlpatterns = [
    *visits_urls.urlpatterns,
    *teams_urls.urlpatterns,
    path("cases/home/", views_cases.home, name="cases_home"),
    path("cases/", views_cases.cases, name="cases"),
    path("cases/mine/", views_cases.mine, name="cases_mine"),
    path("cases/report/", views_cases.report, name="case_report"),
    path("cases/deadlines/", views_cases.deadlines, name="cases_deadlines"),
    path("cases/<int:pk>/", views_cases.case, name="case"),
    path("cases/<int:pk>/act/", views_cases.act, name="case_act"),
    path("cases/<int:pk>/files/<int:file_pk>/", views_cases.case_file, name="case_file"),
    path("cases/rates/", views_cases.rates, name="case_rates"),
    path("cases/ranking/", views_cases.ranking, name="case_ranking"),
    path("cases/categories/", views_cases.categories, name="categories"),
    path("cases/categories/new/", views_cases.category_new, name="category_new"),
    path("cases/categories/<int:pk>/", views_cases.category_edit, name="category_edit"),
    path("mediation/points/", views_mediation.points, name="mediation_points"),
    path("mediation/points/new/", views_mediation.point_new, name="mediation_point_new"),
    path("mediation/points/<int:pk>/", views_mediation.point, name="mediation_point"),
    path("mediation/points/<int:pk>/mediators/", views_mediation.mediator_add, name="mediator_add"),
    path("mediation/mediators/", views_mediation.mediators, name="mediators"),
    path("mediation/disputes/", views_mediation.disputes, name="disputes"),
    path("mediation/disputes/deadlines/", views_mediation.dispute_deadlines, name="disputes_deadlines"),
    path("mediation/disputes/new/", views_mediation.dispute_new, name="dispute_new"),
    path("mediation/disputes/<int:pk>/", views_mediation.dispute, name="dispute"),
    path("mediation/disputes/<int:pk>/step/", views_mediation.dispute_step, name="dispute_step"),
    path("mediation/disputes/<int:pk>/files/", views_mediation.dispute_attach, name="dispute_attach"),
    path("mediation/disputes/<int:pk>/files/<int:file_pk>/", views_mediation.dispute_file,
         name="dispute_file"),
    path("mediation/disputes/<int:pk>/agreement/", views_mediation.dispute_agreement,
         name="dispute_agreement"),
]
