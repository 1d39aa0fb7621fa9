"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

from django.urls import path

from zhenxing.points import views_claims, views_shop
from zhenxing.points.publish import urls as publish_urls
from zhenxing.points.rules import urls as rules_urls

app_name = "points"
urlpatterns: list = [
    # shop
    path("shops/", views_shop.shops, name="shops"),
    path("shops/new/", views_shop.shop_new, name="shop_new"),
    path("shops/<int:pk>/", views_shop.shop, name="shop"),
    path("shops/<int:pk>/goods/", views_shop.goods_add, name="goods_add"),
    path("shops/<int:pk>/stock-in/", views_shop.stock_in, name="stock_in"),
    path("shops/<int:pk>/redeem/", views_shop.redeem, name="redeem"),
    path("shops/<int:pk>/stock-ins/", views_shop.shop_stock_ins, name="shop_stock_ins"),
    path("shops/<int:pk>/redemptions/", views_shop.shop_redemptions, name="shop_redemptions"),
    path("shops/<int:pk>/stock/", views_shop.shop_stock, name="shop_stock"),
    path("goods/<int:pk>/edit/", views_shop.goods_edit, name="goods_edit"),
    path("redemptions/<int:pk>/cancel/", views_shop.redemption_cancel, name="redemption_cancel"),
    *publish_urls.urlpatterns,
    *rules_urls.urlpatterns,
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
