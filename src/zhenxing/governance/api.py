"""The governance API, mounted at the API's root: each module's router (吹哨报到: Open311 and case steps)."""

from ninja import Router

from zhenxing.governance.cases.api import router as cases_router

router = Router()
router.add_router("", cases_router)
