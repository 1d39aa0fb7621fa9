"""资格权 over the API: the households with their parcels' figures and flags, filtered as on the page; a
household's row; scope."""

import pytest

from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead/eligibility"


def test_the_register_gives_the_pages_figures_and_flags(client, district):
    a1 = district["village_a1"]
    two = factories.household(a1, district["grid_a1"])
    factories.parcel(a1, two, area_m2="200")
    factories.parcel(a1, two, area_m2="120")
    plain = factories.household(a1, district["grid_a1"])
    factories.parcel(a1, plain, area_m2="100")
    client.force_login(factories.user("village_secretary", a1))
    flagged = client.get(f"{API}?flag=multiple").json()
    assert [h["number"] for h in flagged["items"]] == [two.number]
    (row,) = flagged["items"]
    assert row["parcel_count"] == 2 and row["multiple"] == "是" and row["over_cap"] == "否"
    assert row["total_area_m2"] in ("320.00", 320)
    assert client.get(f"{API}/{plain.pk}").json()["multiple"] == "否"
    assert client.get(f"{API}?flag=x").status_code == 422

    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"{API}/{two.pk}").status_code == 404
    assert client.get(API).json()["count"] == 0
