"""The 建机制 pages: each module's pages under /mechanisms/."""

from zhenxing.mechanisms.duties import urls as duties_urls
from zhenxing.mechanisms.tasks import urls as tasks_urls

app_name = "mechanisms"
urlpatterns = [
    *tasks_urls.urlpatterns,
    *duties_urls.urlpatterns,
]
