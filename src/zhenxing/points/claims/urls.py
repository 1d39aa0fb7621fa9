"""积分申报 pages: claims, a holder's itemised points (我的积分), 三会一课 (names in `points`)."""

from django.urls import path

from zhenxing.points.claims import views

urlpatterns: list = [
    path("claims/", views.claims, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/generate/", views.generate, name="claims_generate"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/act/", views.claim_act, name="claim_act"),
    path("claims/<int:pk>/files/<int:file_pk>/", views.claim_file, name="claim_file"),
    path("history/<str:kind>/<int:pk>/", views.history, name="history"),
    path("mine/", views.mine, name="my_points"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
]
