"""流转 over the API: the contract register, the expiry reminders, and a contract's create, edit and
termination, derived from the module's registers and actions."""

from ninja import Router

from zhenxing.homestead.transfers import registers as r
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地流转"])
add_register(router, r.EXPIRING, app="homestead")
add_register(router, r.TRANSFERS, app="homestead")
add_action(router, r.TRANSFERS, r.ADD_TRANSFER, app="homestead")
add_action(router, r.TRANSFERS, r.EDIT_TRANSFER, app="homestead")
add_action(router, r.TRANSFERS, r.TERMINATE_TRANSFER, app="homestead")
