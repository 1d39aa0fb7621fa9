"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

from django.urls import path

from zhenxing.points import views_shop
from zhenxing.points.claims import urls as claims_urls
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
    *claims_urls.urlpatterns,
]
