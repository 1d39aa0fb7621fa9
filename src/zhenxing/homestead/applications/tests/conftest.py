"""The world of the application tests: a village with a household and one user per part of the procedure
(test_pages and test_department_scope build their own)."""

import pytest

from zhenxing.testing import factories


@pytest.fixture
def w(district):
    """Village A1 (a 0.2-degree square around the sites), its household, and one user per part."""
    factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)
    county = district["county"]
    home = factories.household(district["village_a1"], district["grid_a1"], collective_member=True)
    head = factories.person(home, name="王建国")
    villager = factories.user("villager", district["village_a1"])
    head.user = villager
    head.save(update_fields=["user"])
    users = {
        "villager": villager,
        "secretary": factories.user("village_secretary", district["village_a1"]),
        "street": factories.user("street_admin", district["street_a"]),
        "street_b": factories.user("street_admin", district["street_b"]),
    }
    for part, name in (("nr", "自然资源局"), ("housing", "住房和城乡建设局"), ("agri", "农业农村局"),
                       ("water", "水务局")):
        users[part] = factories.user("department_staff", factories.department(county, name))
    return type("W", (), {"units": district, "home": home, "head": head, "users": users})
