"""The homestead API (/api/v1/homestead/): each module's endpoints, in the order the OpenAPI lists them."""

from ninja import Router

from zhenxing.homestead.applications.api import router as applications
from zhenxing.homestead.applications.api_records import router as application_records
from zhenxing.homestead.eligibility.api import router as eligibility
from zhenxing.homestead.enforcement.api import router as enforcement
from zhenxing.homestead.exits.api import router as exits
from zhenxing.homestead.fees.api import router as fees
from zhenxing.homestead.map.api import router as map_layers
from zhenxing.homestead.parcels.api import router as parcels
from zhenxing.homestead.policies.api import router as policies
from zhenxing.homestead.revitalise.api import router as revitalise
from zhenxing.homestead.transfers.api import router as transfers

router = Router()
router.add_router("", applications)
router.add_router("", application_records)
router.add_router("", map_layers)
router.add_router("", parcels)
router.add_router("", eligibility)
router.add_router("", transfers)
router.add_router("", fees)
router.add_router("", exits)
router.add_router("", revitalise)
router.add_router("", enforcement)
router.add_router("", policies)
