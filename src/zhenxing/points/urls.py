"""The points pages (积分管理): the modules' pages in one namespace, same paths and names as before."""

from zhenxing.points.claims import urls as claims_urls
from zhenxing.points.publish import urls as publish_urls
from zhenxing.points.rules import urls as rules_urls
from zhenxing.points.shop import urls as shop_urls

app_name = "points"
urlpatterns: list = [
    *shop_urls.urlpatterns,
    *publish_urls.urlpatterns,
    *rules_urls.urlpatterns,
    *claims_urls.urlpatterns,
]
