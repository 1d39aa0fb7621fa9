"""The 建机制 API: each module's registers and writes under /mechanisms/."""

from ninja import Router

from zhenxing.mechanisms.duties.api import router as duties_router
from zhenxing.mechanisms.tasks.api import router as tasks_router

router = Router()
router.add_router("/mechanisms", tasks_router)
router.add_router("/mechanisms", duties_router)
