"""The governance pages (强治理): grids and visits, cases (吹哨报到), mediation (评理说事), teams."""

app_name = "governance"
urlpatterns: list = []

# --- mediation (评理说事) ---
from django.urls import path as _path  # noqa: E402

from zhenxing.governance import views_mediation  # noqa: E402

urlpatterns += [
    _path("mediation/points/", views_mediation.points, name="mediation_points"),
    _path("mediation/points/new/", views_mediation.point_new, name="mediation_point_new"),
    _path("mediation/points/<int:pk>/", views_mediation.point, name="mediation_point"),
    _path("mediation/points/<int:pk>/mediators/", views_mediation.mediator_add, name="mediator_add"),
    _path("mediation/mediators/", views_mediation.mediators, name="mediators"),
    _path("mediation/disputes/", views_mediation.disputes, name="disputes"),
    _path("mediation/disputes/new/", views_mediation.dispute_new, name="dispute_new"),
    _path("mediation/disputes/<int:pk>/", views_mediation.dispute, name="dispute"),
    _path("mediation/disputes/<int:pk>/step/", views_mediation.dispute_step, name="dispute_step"),
    _path("mediation/disputes/<int:pk>/files/", views_mediation.dispute_attach, name="dispute_attach"),
    _path("mediation/disputes/<int:pk>/files/<int:file_pk>/", views_mediation.dispute_file,
          name="dispute_file"),
    _path("mediation/disputes/<int:pk>/agreement/", views_mediation.dispute_agreement,
          name="dispute_agreement"),
]
# --- end mediation ---

# --- service teams (党员服务队、突击队) ---
from zhenxing.governance import views_teams  # noqa: E402

urlpatterns += [
    _path("teams/", views_teams.teams, name="teams"),
    _path("teams/new/", views_teams.team_new, name="team_new"),
    _path("teams/<int:pk>/", views_teams.team, name="team"),
    _path("teams/<int:pk>/members/", views_teams.member_add, name="team_member_add"),
    _path("teams/<int:pk>/missions/", views_teams.mission_add, name="team_mission_add"),
]
# --- end service teams ---
