"""The map page of an indicator: in the dashboard's scope, 404 outside it or for an unknown indicator, and
linked from the dashboard's chart of its children."""

import json

import pytest
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.stats import panels
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
STREET_A, STREET_B = "210113001000", "210113002000"


@pytest.fixture
def street_admin(client, district):
    factories.household(district["village_a1"])
    factories.square_boundary(district["village_a1"], 123.50, 42.0, 0.02)
    client.force_login(factories.user("street_admin", district["street_a"]))
    return client


def test_the_map_of_a_street_in_scope(street_admin):
    response = street_admin.get(f"/stats/{STREET_A}/map/people.households/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "马刚街道 · 户数分村地图" in html
    data = json.loads(html.split('id="village-map-data" type="application/json">')[1].split("</script>")[0])
    assert [f["properties"]["name"] for f in data["features"]] == ["A街1村"]
    assert "尚未登记边界" in html and "A街2村" in html  # listed under the map
    assert "leaflet/leaflet.js" in html and "vendor/plotly.min.js" not in html


def test_a_city_links_its_counties_maps(client, district):
    client.force_login(factories.user("district_admin", district["city"]))
    html = client.get("/stats/210100000000/map/people.households/").content.decode()
    assert 'href="/stats/210113000000/map/people.households/?period=' in html
    assert "village-map-data" not in html
    assert client.get("/stats/210113000000/map/people.households/").status_code == 200


def test_outside_scope_or_unknown_indicator_is_404(street_admin):
    assert street_admin.get(f"/stats/{STREET_B}/map/people.households/").status_code == 404
    assert street_admin.get("/stats/210113002201/map/people.households/").status_code == 404
    assert street_admin.get(f"/stats/{STREET_A}/map/no.such.indicator/").status_code == 404
    assert street_admin.get(f"/stats/{STREET_A}/map/org.villages/").status_code == 404  # not by village


def test_choosing_another_indicator_goes_to_its_map(street_admin):
    response = street_admin.get(f"/stats/{STREET_A}/map/people.households/?indicator=people.population")
    assert response.status_code == 302
    year = timezone.localdate().year
    assert response["Location"] == f"/stats/{STREET_A}/map/people.population/?period={year}"
    assert street_admin.get(f"/stats/{STREET_A}/map/people.households/?indicator=x").status_code == 404


def test_the_dashboard_charts_its_children_and_links_the_map(street_admin):
    response = street_admin.get(f"/stats/{STREET_A}/?chart=people.households&year=2024")
    html = response.content.decode()
    chart = response.context["children_chart"]
    assert [(r.label, r.text) for r in chart.rows] == [("A街1村", "1"), ("A街2村", "0")]
    assert chart.rows[0].link == "/stats/210113001201/?year=2024&chart=people.households"
    assert 'data-chart="' in html and "vendor/plotly.min.js" in html
    assert f'href="/stats/{STREET_A}/map/people.households/?year=2024"' in html


def test_the_dashboards_chart_defaults_to_a_count_that_some_child_has(street_admin):
    response = street_admin.get(f"/stats/{STREET_A}/")
    assert response.context["chart_indicator"].key == "people.households"
    bad = street_admin.get(f"/stats/{STREET_A}/?chart=no.such")  # an unknown choice falls back
    assert bad.context["chart_indicator"].key == "people.households"


def test_a_breakdown_makes_a_donut_whose_slices_open_their_part():
    by_category = registry.get("points.by_category")
    chart = panels.breakdown_chart(by_category, [("red", "红色积分", 30), ("blue", "蓝色积分", 10)])
    assert chart.kind == "donut" and [r.share for r in chart.rows] == ["75%", "25%"]
    assert chart.rows[0].link == "?part=red"
    assert chart.figure["data"][0]["marker"]["colors"] == ["#d62728", "#1f77b4"]  # as their names say
    scheme = factories.points_scheme(factories.district()["county"])  # configures red as #d7263d
    colours = panels.breakdown_chart(by_category, [("red", "党建引领", 30), ("x", "其他", 10)]).figure
    assert colours["data"][0]["marker"]["colors"][0] == "#d7263d" and scheme
    assert panels.breakdown_chart(by_category, []) is None
