"""The points API (/api/v1/points/): each module's endpoints, in the order the OpenAPI lists them."""

from ninja import Router

from zhenxing.points.claims.api import router as claims
from zhenxing.points.publish.api import router as publish
from zhenxing.points.rules.api import router as rules
from zhenxing.points.shop.api import router as shop

router = Router()
router.add_router("", shop)
router.add_router("", claims)
router.add_router("", publish)
router.add_router("", rules)
