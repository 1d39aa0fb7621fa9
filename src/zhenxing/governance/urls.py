"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

app_name = "governance"
urlpatterns: list = []
