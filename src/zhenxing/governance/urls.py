"""The governance pages (强治理): each module's pages, under the paths and names they always had."""

from zhenxing.governance.cases import urls as cases_urls
from zhenxing.governance.mediation import urls as mediation_urls
from zhenxing.governance.teams import urls as teams_urls
from zhenxing.governance.visits import urls as visits_urls

app_name = "governance"
urlpatterns = [
    *visits_urls.urlpatterns,
    *teams_urls.urlpatterns,
    *cases_urls.urlpatterns,
    *mediation_urls.urlpatterns,
]
