"""The JSON API under /api/v1/: session or bearer-token auth, same scoping as the pages."""

from ninja import NinjaAPI

from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.api_auth import SessionOrToken
from zhenxing.people.api import router as people_router

api = NinjaAPI(
    title="振兴 API",
    version="1",
    description="党建引领乡村振兴平台接口。认证：登录会话（需 CSRF）或 `Authorization: Bearer <令牌>`。",
    auth=SessionOrToken(),
    urls_namespace="api",
)
api.add_router("/org-units", orgs_router)
api.add_router("/", people_router)
