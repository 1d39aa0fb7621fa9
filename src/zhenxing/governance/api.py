"""The governance API, mounted at the API's root: 吹哨报到's Open311 and case steps where they have always
been, and each module's registers and writes under /governance/."""

from ninja import Router

from zhenxing.governance.cases.api import registers as case_registers
from zhenxing.governance.cases.api import router as cases_router
from zhenxing.governance.mediation.api import router as mediation_router
from zhenxing.governance.teams.api import router as teams_router
from zhenxing.governance.visits.api import router as visits_router

router = Router()
router.add_router("", cases_router)
router.add_router("/governance", visits_router)
router.add_router("/governance", mediation_router)
router.add_router("/governance", teams_router)
router.add_router("/governance", case_registers)
