from django.http import HttpResponse
from django.urls import include, path

from zhenxing.api import api
from zhenxing.orgs import auth_views, calendar_views, search_views, security_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("login/", auth_views.login_view, name="login"),
    path("login/code/", auth_views.login_code, name="login_code"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("account/", include("zhenxing.orgs.account_urls")),
    path("security/", security_views.security_page, name="security"),
    path("users/", security_views.users_page, name="users"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("orgs/", include("zhenxing.orgs.urls")),
    path("people/", include("zhenxing.people.urls")),
    path("homestead/", include("zhenxing.homestead.urls")),
    path("governance/", include("zhenxing.governance.urls")),
    path("points/", include("zhenxing.points.urls")),
    path("mechanisms/", include("zhenxing.mechanisms.urls")),
    path("imports/", include("zhenxing.orgs.import_urls")),
    path("exports/", include("zhenxing.orgs.export_urls")),
    path("audit/", include("zhenxing.orgs.audit_urls")),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("search/", search_views.search_page, name="search"),
    path("", include("zhenxing.stats.urls")),
    path("", include("zhenxing.workspace.urls")),
]
