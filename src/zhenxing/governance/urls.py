"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

from django.urls import path

from zhenxing.governance import views_teams, views_visits

app_name = "governance"
urlpatterns = [
    path("grid/", views_visits.grid, name="grid"),
    path("grid/<int:pk>/visit/", views_visits.visit_new, name="visit_new"),
    path("visits/", views_visits.visits, name="visits"),
    path("teams/", views_teams.teams, name="teams"),
    path("teams/new/", views_teams.team_new, name="team_new"),
    path("teams/<int:pk>/", views_teams.team, name="team"),
    path("teams/<int:pk>/members/", views_teams.member_add, name="team_member_add"),
    path("teams/<int:pk>/activities/", views_teams.activity_add, name="team_activity_add"),
]
