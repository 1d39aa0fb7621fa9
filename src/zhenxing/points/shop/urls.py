"""积分超市 pages: shops, goods, stock-in, redemption and returns, the reports (names in `points`)."""

from django.urls import path

from zhenxing.points.shop import views

urlpatterns: list = [
    path("shops/", views.shops, name="shops"),
    path("shops/new/", views.shop_new, name="shop_new"),
    path("shops/<int:pk>/", views.shop, name="shop"),
    path("shops/<int:pk>/goods/", views.goods_add, name="goods_add"),
    path("shops/<int:pk>/stock-in/", views.stock_in, name="stock_in"),
    path("shops/<int:pk>/redeem/", views.redeem, name="redeem"),
    path("shops/<int:pk>/stock-ins/", views.shop_stock_ins, name="shop_stock_ins"),
    path("shops/<int:pk>/redemptions/", views.shop_redemptions, name="shop_redemptions"),
    path("shops/<int:pk>/stock/", views.shop_stock, name="shop_stock"),
    path("goods/<int:pk>/edit/", views.goods_edit, name="goods_edit"),
    path("redemptions/<int:pk>/cancel/", views.redemption_cancel, name="redemption_cancel"),
]
