"""资格权 over the API: the register of households with their parcels and flags, from its declaration."""

from ninja import Router

from zhenxing.homestead.eligibility.registers import ELIGIBILITY
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地资格权"])
add_register(router, ELIGIBILITY, app="homestead")
