"""自愿有偿退出 over the API: the register, filing and editing an application, and its workflow's steps,
derived from the module's register and actions."""

from ninja import Router

from zhenxing.homestead.exits import registers as r
from zhenxing.orgs import access
from zhenxing.orgs.actions import add_action, add_steps
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地自愿有偿退出"])
add_register(router, r.EXITS, app="homestead")
add_action(router, r.EXITS, r.FILE_EXIT, app="homestead")
add_action(router, r.EXITS, r.EDIT_EXIT, app="homestead")
# The step service tells each role which steps are its own (422 with the reason), as the page does.
add_steps(router, r.EXITS, app="homestead", act=r.take_step, capability=access.VIEW_PEOPLE, files=False)
