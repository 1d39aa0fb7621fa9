import pytest

from zhenxing.core.indicators import progress, registry
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_every_indicator_is_declared_once_with_columns():
    keys = [i.key for i in registry.all()]
    assert len(keys) == len(set(keys))
    assert {
        "org.villages",
        "org.grids",
        "people.households",
        "people.population",
        "people.party_members",
        "people.cadres",
    } <= set(keys)
    assert all(i.columns for i in registry.all())


def test_value_counts_records_under_a_unit(district):
    for _ in range(3):
        factories.household(district["village_a1"], district["grid_a1"])
    factories.household(district["village_b1"], district["grid_b1"])
    households = registry.get("people.households")
    assert households.value(district["county"].path) == 4
    assert households.value(district["street_a"].path) == 3
    assert households.value(district["village_b1"].path) == 1
    assert households.value(district["village_b2"].path) == 0


def test_values_by_prefix_match_per_child_values(district):
    for v, g, n in (("village_a1", "grid_a1", 2), ("village_a2", "grid_a2", 1), ("village_b2", "grid_b2", 4)):
        for _ in range(n):
            factories.household(district[v], district[g])
    households = registry.get("people.households")
    county = district["county"]
    by_child = households.values_by_prefix(county.path, len(district["street_a"].path))
    assert by_child == {district["street_a"].path: 3, district["street_b"].path: 4}


def test_drill_lists_exactly_the_counted_records(district):
    h1 = factories.household(district["village_a1"], district["grid_a1"])
    factories.household(district["village_b1"], district["grid_b1"])
    households = registry.get("people.households")
    assert list(households.drill(district["street_a"].path)) == [h1]


def test_party_members_by_classification_add_up(district):
    branch = factories.branch(district["village_a1"])
    for cls in ("in_village", "in_village", "mobile"):
        h = factories.household(district["village_a1"], district["grid_a1"])
        factories.party_member(factories.person(h, political_status="cpc"), branch, cls)
    path = district["county"].path
    assert registry.get("people.party_members").value(path) == 3
    assert registry.get("people.party_members.in_village").value(path) == 2
    assert registry.get("people.party_members.mobile").value(path) == 1


def test_progress():
    assert progress(50, 200) == 25
    assert progress(5, None) is None
