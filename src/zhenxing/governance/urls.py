"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

from django.urls import path

from zhenxing.governance import views_cases
from zhenxing.governance.mediation import urls as mediation_urls
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
    *mediation_urls.urlpatterns,
]
