"""党员队伍 pages, included by the app's urls.py (names in the "governance" namespace)."""

from django.urls import path

from zhenxing.governance.teams import views

urlpatterns = [
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/members/", views.member_add, name="team_member_add"),
    path("teams/<int:pk>/activities/", views.activity_add, name="team_activity_add"),
]
