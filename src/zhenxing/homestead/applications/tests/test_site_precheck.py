"""The applicant's drawing map: its layers (outlines only) and the live pre-check of a drawn site, which
gives the reviewers' results (area cap, parcels, farmland, village boundary) without other households'
records, for the applicant's own village only; and the same results on the application page."""

import json

import pytest
import shapely
from django.urls import reverse

from zhenxing.homestead import geo
from zhenxing.homestead.parcels.models import FarmlandPlot
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
CHECK = "homestead:application_site_check"
LAYERS = "homestead:application_site_layers"


def farmland(village, code, geometry):
    min_x, min_y, max_x, max_y = (float(v) for v in geometry.bounds)
    return FarmlandPlot.objects.create(code=code, village=village, path=village.path,
                                       area_m2=geo.area_m2(geometry), geometry=geo.to_geojson(geometry),
                                       min_x=min_x, min_y=min_y, max_x=max_x, max_y=max_y)


def corner(parcel):
    return json.loads(parcel.geometry)["coordinates"][0][0]


def ask(client, site, **extra):
    body = {"geometry": json.loads(shapely.to_geojson(site)), **extra}
    return client.post(reverse(CHECK), json.dumps(body), content_type="application/json")


def verdicts(response) -> dict:
    assert response.status_code == 200, response.content
    return {c["label"]: (c["passed"], c["detail"]) for c in response.json()["checks"]}


@pytest.fixture
def neighbour(w):
    """Another household of the village with a registered parcel, and its head's name."""
    home = factories.household(w.units["village_a1"], collective_member=True)
    factories.person(home, name="赵邻居")
    return factories.parcel(w.units["village_a1"], home)


def test_a_clean_site_passes_and_its_area_is_given_in_square_metres_and_mu(client, w):
    client.force_login(w.users["villager"])
    found = ask(client, factories.site(123.60, 42.10, 15)).json()
    assert found["passed"] is True
    assert found["area_m2"].startswith("22") and found["area_mu"].startswith("0.33")
    labels = {c["label"]: c["passed"] for c in found["checks"]}
    assert labels == {"面积标准": True, "与已登记宗地": True, "永久基本农田": None, "村庄边界": True}


def test_a_site_over_the_cap_and_outside_the_village_fails_both_with_the_reason(client, w):
    client.force_login(w.users["villager"])
    # 40 m wide (1,600 m², over the tests' 350 m² cap), half across the village's east edge at 123.75.
    found = verdicts(ask(client, factories.site(123.7498, 42.10, 40)))
    assert found["面积标准"][0] is False
    assert "超过上限 350 m²（默认值）" in found["面积标准"][1] and "亩" in found["面积标准"][1]
    assert found["村庄边界"][0] is False and found["村庄边界"][1].startswith("用地超出A街1村边界约")


def test_an_overlap_names_no_other_household(client, w, neighbour):
    client.force_login(w.users["villager"])
    lon, lat = corner(neighbour)
    response = ask(client, factories.site(lon - 0.00005, lat - 0.00005, 12))
    found = verdicts(response)
    assert found["与已登记宗地"][0] is False and "与 1 宗已登记宗地重叠约" in found["与已登记宗地"][1]
    text = response.content.decode()
    assert neighbour.code not in text and "赵邻居" not in text and neighbour.household.number not in text
    assert response.json()["passed"] is False


def test_basic_farmland_is_checked_when_the_layer_is_there(client, w):
    farmland(w.units["village_a1"], "TB-0001", factories.site(123.62, 42.12, 100))
    client.force_login(w.users["villager"])
    found = verdicts(ask(client, factories.site(123.6201, 42.1201, 10)))
    assert found["永久基本农田"][0] is False and "TB-0001" not in found["永久基本农田"][1]
    assert verdicts(ask(client, factories.site(123.60, 42.10, 10)))["永久基本农田"][0] is True


def test_a_rebuild_may_cover_its_own_parcel_and_another_households_is_404(client, w, neighbour):
    own = factories.parcel(w.units["village_a1"], w.home)
    client.force_login(w.users["villager"])
    lon, lat = corner(own)
    site = factories.site(lon, lat, 10)
    assert verdicts(ask(client, site))["与已登记宗地"][0] is False
    assert verdicts(ask(client, site, old_parcel=own.code))["与已登记宗地"][0] is True
    assert ask(client, site, old_parcel=neighbour.code).status_code == 404


def test_the_applicant_checks_only_inside_their_own_village(client, w, district):
    client.force_login(w.users["villager"])
    site = factories.site(123.60, 42.10, 15)
    assert ask(client, site, village=district["village_a2"].code).status_code == 404
    assert ask(client, site, village=district["village_b1"].code).status_code == 404
    assert ask(client, site, village=district["village_a1"].code).status_code == 200
    assert client.get(reverse(LAYERS), {"village": district["village_a2"].code}).status_code == 404
    # Village staff file for their own village's households, not for another village's.
    client.force_login(w.users["secretary"])
    assert ask(client, site).status_code == 200
    assert ask(client, site, village=district["village_b1"].code).status_code == 404
    # Nobody without the right to file (a street reviewer) checks anywhere.
    client.force_login(w.users["street"])
    assert ask(client, site).status_code == 404


def test_a_broken_drawing_is_explained_not_checked(client, w):
    client.force_login(w.users["villager"])
    bowtie = {"type": "Polygon", "coordinates": [[[123.6, 42.1], [123.601, 42.101], [123.601, 42.1],
                                                  [123.6, 42.101], [123.6, 42.1]]]}
    response = client.post(reverse(CHECK), json.dumps({"geometry": bowtie}), content_type="application/json")
    assert response.json()["problem"].startswith("用地图形：图形无效") and response.json()["checks"] == []
    assert client.post(reverse(CHECK), "[1]", content_type="application/json").status_code == 400


def test_the_layers_are_outlines_without_codes_or_holders(client, w, neighbour):
    farmland(w.units["village_a1"], "TB-0002", factories.site(123.62, 42.12, 100))
    client.force_login(w.users["villager"])
    response = client.get(reverse(LAYERS), {"village": w.units["village_a1"].code})
    kinds = sorted(f["properties"]["kind"] for f in response.json()["features"])
    assert kinds == ["boundary", "farmland", "parcel"]
    text = response.content.decode()
    assert neighbour.code not in text and "TB-0002" not in text and "赵邻居" not in text


def test_the_applicant_sees_the_reviewers_results_on_the_application_without_neighbours(client, w, neighbour):
    lon, lat = corner(neighbour)
    app = factories.application(w.home, w.users["secretary"], lon=lon - 0.00005, lat=lat - 0.00005, side_m=12)
    client.force_login(w.users["villager"])
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert '<tr class="fail">' in page and "与 1 宗已登记宗地重叠约" in page and neighbour.code not in page
    client.force_login(w.users["secretary"])
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert f"与已登记宗地重叠：{neighbour.code}" in page
