from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def area_cap(settings):
    """The tests' parcels are sized against a 350 m² cap, whatever the configured default is."""
    settings.ZHENXING_HOMESTEAD_AREA_CAP_M2 = Decimal("350")
