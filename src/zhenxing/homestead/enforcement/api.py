"""执法监管 over the API: inspections and violations with their rectification steps, derived from the module's
registers and actions."""

from ninja import Router

from zhenxing.homestead.enforcement import registers as r
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action, add_steps
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地执法监管"])
add_register(router, r.INSPECTIONS, app="homestead")
add_action(router, r.INSPECTIONS, r.ADD_INSPECTION, app="homestead")
add_register(router, r.VIOLATIONS, app="homestead")
add_action(router, r.VIOLATIONS, r.ADD_VIOLATION, app="homestead")
add_steps(router, r.VIOLATIONS, app="homestead", act=r.take_step, capability=access.MANAGE_HOMESTEAD)
