from django.urls import path

from zhenxing.homestead import views

app_name = "homestead"
urlpatterns = [
    path("parcels/", views.parcels, name="parcels"),
    path("parcels/<int:pk>/", views.parcel, name="parcel"),
    path("eligibility/", views.eligibility, name="eligibility"),
]

from zhenxing.homestead import map_views  # noqa: E402  一张图, appended without touching the lines above

urlpatterns += [
    path("map/", map_views.map_home, name="map_home"),
    path("map/<str:code>/", map_views.map_page, name="map"),
    path("map/<str:code>/parcels.geojson", map_views.parcels_geojson, name="map_parcels"),
    path("map/<str:code>/boundaries.geojson", map_views.boundaries_geojson, name="map_boundaries"),
]

# --- 闲置盘活 (8), 执法监管 (9), 政策制度 (10): appended as one block ---
from zhenxing.homestead import views_enforcement, views_policies, views_revitalise  # noqa: E402

urlpatterns += [
    path("idle/", views_revitalise.idle, name="idle"),
    path("idle/<int:pk>/", views_revitalise.idle_parcel, name="idle_parcel"),
    path("idle/<int:pk>/survey/", views_revitalise.survey_new, name="idle_survey_new"),
    path("projects/", views_revitalise.projects, name="projects"),
    path("projects/new/", views_revitalise.project_new, name="project_new"),
    path("projects/<int:pk>/", views_revitalise.project, name="project"),
    path("projects/<int:pk>/edit/", views_revitalise.project_edit, name="project_edit"),
    path("projects/<int:pk>/parcels/", views_revitalise.project_link, name="project_link"),
    path("projects/<int:pk>/parcels/remove/", views_revitalise.project_unlink, name="project_unlink"),
    path("inspections/", views_enforcement.inspections, name="inspections"),
    path("inspections/new/", views_enforcement.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views_enforcement.inspection, name="inspection"),
    path("violations/", views_enforcement.violations, name="violations"),
    path("violations/new/", views_enforcement.violation_new, name="violation_new"),
    path("violations/overdue/", views_enforcement.violations_overdue, name="violations_overdue"),
    path("violations/<int:pk>/", views_enforcement.violation, name="violation"),
    path("violations/<int:pk>/act/", views_enforcement.violation_act, name="violation_act"),
    path("violations/files/<int:pk>/", views_enforcement.violation_attachment, name="violation_attachment"),
    path("policies/", views_policies.policies, name="policies"),
    path("policies/new/", views_policies.policy_new, name="policy_new"),
    path("policies/rules/", views_policies.policy_rules, name="policy_rules"),
    path("policies/<int:pk>/", views_policies.policy, name="policy"),
    path("policies/<int:pk>/edit/", views_policies.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/versions/new/", views_policies.version_new, name="policy_version_new"),
    path("policies/files/<int:pk>/", views_policies.policy_attachment, name="policy_attachment"),
]
