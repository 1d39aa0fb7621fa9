"""网格与入户走访 over the API: the grid's households, the visits register and recording a visit (a grid
worker's phone app), derived from the module's registers and action."""

from ninja import Router

from zhenxing.governance.visits import registers as r
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["网格与入户走访"])
add_register(router, r.GRID, app="governance")
add_register(router, r.VISITS, app="governance")
add_action(router, r.VISITS, r.ADD_VISIT, app="governance")
