"""The homestead pages: each module's URLs under the app's namespace (homestead.tabs shows the modules as
the 宅基地 tabs)."""

from zhenxing.homestead.applications import urls as applications_urls
from zhenxing.homestead.eligibility import urls as eligibility_urls
from zhenxing.homestead.enforcement import urls as enforcement_urls
from zhenxing.homestead.exits import urls as exits_urls
from zhenxing.homestead.fees import urls as fees_urls
from zhenxing.homestead.map import urls as map_urls
from zhenxing.homestead.parcels import urls as parcels_urls
from zhenxing.homestead.policies import urls as policies_urls
from zhenxing.homestead.revitalise import urls as revitalise_urls
from zhenxing.homestead.transfers import urls as transfers_urls

app_name = "homestead"
urlpatterns = [
    *parcels_urls.urlpatterns,
    *eligibility_urls.urlpatterns,
    *map_urls.urlpatterns,
    *applications_urls.urlpatterns,
    *transfers_urls.urlpatterns,
    *fees_urls.urlpatterns,
    *exits_urls.urlpatterns,
    *revitalise_urls.urlpatterns,
    *enforcement_urls.urlpatterns,
    *policies_urls.urlpatterns,
]
