"""包保 over the API: the register and its writes (an assignment, its end), from the module's declarations."""

from ninja import Router

from zhenxing.mechanisms.duties import registers as r
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["包保责任"])
add_register(router, r.DUTIES, app="mechanisms")
add_action(router, r.DUTIES, r.ASSIGN, app="mechanisms")
add_action(router, r.DUTIES, r.END, app="mechanisms")
