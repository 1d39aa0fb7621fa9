"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

from django.urls import path

from zhenxing.points import views_claims

app_name = "points"
urlpatterns: list = [
    # claims
    path("claims/", views_claims.claims, name="claims"),
    path("claims/new/", views_claims.claim_new, name="claim_new"),
    path("claims/generate/", views_claims.generate, name="claims_generate"),
    path("claims/<int:pk>/", views_claims.claim, name="claim"),
    path("claims/<int:pk>/act/", views_claims.claim_act, name="claim_act"),
    path("claims/<int:pk>/files/<int:file_pk>/", views_claims.claim_file, name="claim_file"),
    path("history/<str:kind>/<int:pk>/", views_claims.history, name="history"),
    path("mine/", views_claims.mine, name="my_points"),
    path("meetings/", views_claims.meetings, name="meetings"),
    path("meetings/new/", views_claims.meeting_new, name="meeting_new"),
    # end claims
]
