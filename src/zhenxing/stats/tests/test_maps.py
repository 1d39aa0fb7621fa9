"""分村地图: villages coloured by quantile classes of their figure, 无数据 for a village without records, the
boundaries simplified for the page, a village without one listed; the page is scoped as the dashboard."""

import json
from decimal import Decimal

import pytest

from zhenxing.core import numbers
from zhenxing.core.indicators import registry
from zhenxing.orgs import access
from zhenxing.stats import maps
from zhenxing.testing import factories

HOUSEHOLDS = registry.get("people.households")


def test_five_quantile_classes_each_labelled_by_its_members():
    found = maps.classes(list(range(1, 11)), HOUSEHOLDS, "")

    assert [(c.low, c.high, c.count) for c in found] == [
        (1, 2, 2), (3, 4, 2), (5, 6, 2), (7, 8, 2), (9, 10, 2)]
    assert [c.label for c in found] == ["1 – 2 户", "3 – 4 户", "5 – 6 户", "7 – 8 户", "9 – 10 户"]
    assert [c.colour for c in found] == list(maps.PALETTE)
    assert maps.class_of(4, found).index == 1 and maps.class_of(10, found).index == 4
    assert maps.class_of(None, found) is None


def test_few_distinct_values_make_as_many_classes_spread_over_the_palette():
    found = maps.classes([0, 0, 0, 0, 5, None], HOUSEHOLDS, "")
    assert [(c.label, c.count) for c in found] == [("0 户", 4), ("5 户", 1)]
    assert [c.colour for c in found] == [maps.PALETTE[0], maps.PALETTE[-1]]
    assert [c.label for c in maps.classes([7], HOUSEHOLDS, "")] == ["7 户"]
    assert maps.classes([None, None], HOUSEHOLDS, "") == []


def test_money_classes_read_in_the_maps_unit():
    money = registry.get("homestead.project_investment")
    assert money.kind is numbers.MONEY
    found = maps.classes([Decimal(20000), Decimal(90000)], money, "万元")
    assert [c.label for c in found] == ["2 万元", "9 万元"]


@pytest.fixture
def street_map(district):
    a1 = district["village_a1"]
    for _ in range(3):
        factories.household(a1, district["grid_a1"])  # counted under the village through its grid
    factories.household(district["village_b1"])  # another street
    factories.square_boundary(a1, 123.50, 42.0, 0.02)
    # A2 has no boundary; B1's is drawn but is not in street A
    factories.square_boundary(district["village_b1"], 123.54, 42.0, 0.02)
    return district


def test_village_values_of_a_street_in_scope(street_map):
    admin = access.actor_for(factories.user("street_admin", street_map["street_a"]))
    values = maps.village_values(actor=admin, unit=street_map["street_a"], indicator=HOUSEHOLDS)
    assert [(v.name, value) for v, value in values] == [("A街1村", 3), ("A街2村", None)]


def test_village_values_of_an_average_need_a_denominator(street_map):
    coverage = registry.get("points.household_participation")
    admin = access.actor_for(factories.user("district_admin", street_map["county"]))
    values = dict((v.name, value) for v, value in
                  maps.village_values(actor=admin, unit=street_map["county"], indicator=coverage))
    assert values == {"A街1村": Decimal(0), "A街2村": None, "B街1村": Decimal(0), "B街2村": None}


def test_the_map_draws_villages_with_a_boundary_and_lists_the_others(street_map):
    admin = access.actor_for(factories.user("street_admin", street_map["street_a"]))
    found = maps.village_map(actor=admin, unit=street_map["street_a"], indicator=HOUSEHOLDS)

    [feature] = found.geojson["features"]
    assert feature["properties"]["name"] == "A街1村" and feature["properties"]["text"] == "3 户"
    assert feature["properties"]["url"] == "/stats/210113001201/indicator/people.households/"
    assert feature["properties"]["colour"] == found.classes[0].colour
    assert feature["geometry"]["type"] == "Polygon"
    assert [v.unit.name for v in found.missing] == ["A街2村"]
    assert found.no_data == 1 and found.unit_label == "户"
    assert [v.unit.name for v in found.ranked] == ["A街1村", "A街2村"]


def test_boundaries_are_simplified_and_rounded_for_the_page(street_map):
    a1 = street_map["village_a1"]
    # A ring of 2,000 points on a 0.02° square: far more than a page can show.
    ring = [[123.5 + 0.02 * i / 500, 42.0] for i in range(500)] + [[123.52, 42.0 + 0.02 * i / 500] for i in
                                                                       range(500)]
    ring += [[123.52 - 0.02 * i / 500, 42.02] for i in range(500)] + [[123.5, 42.02 - 0.02 * i / 500.1] for i
                                                                        in range(500)]
    ring.append(ring[0])
    a1.boundary = json.dumps({"type": "Polygon", "coordinates": [ring]})
    a1.save()
    admin = access.actor_for(factories.user("village_secretary", a1))
    found = maps.village_map(actor=admin, unit=a1, indicator=HOUSEHOLDS)
    coordinates = found.geojson["features"][0]["geometry"]["coordinates"][0]
    assert len(coordinates) < 20
    assert all(len(str(x).split(".")[1]) <= maps.PLACES for x, _ in coordinates)


def test_a_bad_boundary_is_listed_not_a_failure(street_map):
    a1 = street_map["village_a1"]
    a1.boundary = "不是 GeoJSON"
    a1.save()
    street_map["village_a2"].boundary = json.dumps({"type": "Point", "coordinates": [123.5, 42.0]})
    street_map["village_a2"].save()
    admin = access.actor_for(factories.user("street_admin", street_map["street_a"]))
    found = maps.village_map(actor=admin, unit=street_map["street_a"], indicator=HOUSEHOLDS)
    assert found.geojson["features"] == [] and len(found.missing) == 2


def test_no_drill_link_where_the_actor_may_not_open_the_records(street_map):
    staff = access.actor_for(factories.user("department_staff", factories.department(street_map["county"])))
    found = maps.village_map(actor=staff, unit=street_map["county"], indicator=HOUSEHOLDS)
    assert found.villages and all(v.url == "" for v in found.villages)
