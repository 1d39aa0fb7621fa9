"""一张图: the map page, its GeoJSON layers, the status colours by precedence, scope and CSP."""

import json
import math
import re

import pytest
import shapely
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenxing.homestead.map import views as map_views
from zhenxing.homestead.map.views import BY_KEY, STATUSES
from zhenxing.homestead.parcels import selectors
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_tianditu_key(settings, monkeypatch):
    settings.ZHENXING_TIANDITU_KEY = ""
    monkeypatch.delenv("ZHENXING_TIANDITU_KEY", raising=False)


def _login(client, role, place):
    client.force_login(factories.user(role, place))
    return client


@pytest.fixture
def parcels(district):
    """Parcels in village A1 built so that each status of the precedence wins exactly where expected."""
    a1 = district["village_a1"]
    multi = factories.household(a1)  # two parcels of 100 m²: 一户多宅, not 超占 (cap 350)
    over = factories.household(a1)  # one parcel of 400 m²: 超占, not 一户多宅
    both = factories.household(a1)  # two parcels of 200 m²: both flags
    p = factories.parcel
    return {
        # 未批先建 wins over the household's 一户多宅 flag.
        "unapproved_built": p(a1, multi, area_m2="100", build_status="unapproved_built"),
        # 一户多宅 wins over 闲置.
        "multiple": p(a1, multi, area_m2="100", use_status="idle"),
        # 超占 wins over 盘活.
        "over_cap": p(a1, over, area_m2="400", use_status="revitalised"),
        # 超占 wins over 一户多宅.
        "over_cap_and_multiple": p(a1, both, area_m2="200"),
        "over_cap_and_multiple_2": p(a1, both, area_m2="200", build_status="approved_unbuilt"),
        # 盘活 wins over 闲置's neighbour 已批未建; 闲置 over 已批未建.
        "revitalised": p(a1, use_status="revitalised", build_status="approved_unbuilt"),
        "idle": p(a1, use_status="idle", build_status="approved_unbuilt"),
        "approved_unbuilt": p(a1, build_status="approved_unbuilt"),
        "approved_built": p(a1),
    }


EXPECTED = {
    "unapproved_built": "unapproved_built",
    "multiple": "multiple",
    "over_cap": "over_cap",
    "over_cap_and_multiple": "over_cap",
    "over_cap_and_multiple_2": "over_cap",
    "revitalised": "revitalised",
    "idle": "idle",
    "approved_unbuilt": "approved_unbuilt",
    "approved_built": "approved_built",
}


def _features(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data["features"]


def test_each_parcel_gets_the_status_and_colour_of_the_precedence(client, district, parcels):
    c = _login(client, "village_secretary", district["village_a1"])
    features = _features(c.get("/homestead/map/210113001201/parcels.geojson"))
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert len(features) == len(parcels)
    for name, parcel in parcels.items():
        props = by_code[parcel.code]
        status = BY_KEY[EXPECTED[name]]
        shown = (props["status"], props["status_label"], props["color"])
        assert shown == (status.key, status.label, status.color), name
        assert props["id"] == parcel.pk
        assert props["url"] == f"/homestead/parcels/{parcel.pk}/"
        assert props["location"] == parcel.location
        assert props["area_m2"] == float(parcel.area_m2)


def test_map_flags_agree_with_the_parcel_page_flags(client, district, parcels):
    c = _login(client, "district_admin", district["county"])
    features = _features(c.get("/homestead/map/210113001201/parcels.geojson"))
    for f in features:
        parcel = Parcel.objects.get(pk=f["properties"]["id"])
        flags = selectors.parcel_flags(parcel=parcel)
        if f["properties"]["status"] in ("over_cap", "multiple"):
            assert f["properties"]["status_label"] in flags
        if "超占" in flags and f["properties"]["status"] != "unapproved_built":
            assert f["properties"]["status"] == "over_cap"


def test_precedence_is_total_and_colours_are_distinct():
    assert len({s.color for s in STATUSES}) == len(STATUSES)
    cases = [
        (("unapproved_built", "idle", True, True), "unapproved_built"),
        (("approved_built", "in_use", True, True), "over_cap"),
        (("approved_built", "revitalised", True, False), "multiple"),
        (("approved_unbuilt", "revitalised", False, False), "revitalised"),
        (("approved_unbuilt", "idle", False, False), "idle"),
        (("approved_unbuilt", "in_use", False, False), "approved_unbuilt"),
        (("approved_built", "in_use", False, False), "approved_built"),
    ]
    for (build, use, multiple, over_cap), expected in cases:
        assert map_views.status_of(build, use, multiple=multiple, over_cap=over_cap).key == expected


def test_village_page_has_legend_counts_precedence_and_offline_leaflet(client, district, parcels):
    factories.square_boundary(district["village_a1"], 123.49, 41.99, 0.2)
    c = _login(client, "village_cadre", district["village_a1"])
    response = c.get("/homestead/map/210113001201/")
    body = response.content.decode()
    assert response.status_code == 200
    counts = dict(re.findall(r'data-status="(\w+)">.*?<span class="count">(\d+)</span>', body))
    assert counts == {
        "unapproved_built": "1", "over_cap": "3", "multiple": "1", "revitalised": "1", "idle": "1",
        "approved_unbuilt": "1", "approved_built": "1",
    }
    assert "未批先建 &gt; 超占 &gt; 一户多宅 &gt; 盘活 &gt; 闲置 &gt; 已批未建 &gt; 已批已建" in body
    assert '<script src="/static/leaflet/leaflet.js" defer>' in body
    assert 'href="/static/leaflet/leaflet.css"' in body
    assert "/static/homestead/map.js" in body
    assert "/homestead/map/210113001201/parcels.geojson" in body
    assert re.findall(r"(?:https?:)?//[\w.-]+", body) == []  # nothing loads from outside: works offline
    assert "<script>" not in body  # the CSP forbids inline scripts
    assert "tianditu" not in response["Content-Security-Policy"]


def test_tianditu_layers_and_csp_only_with_a_key(client, district, parcels, settings):
    settings.ZHENXING_TIANDITU_KEY = "k3y"
    c = _login(client, "village_cadre", district["village_a1"])
    response = c.get("/homestead/map/210113001201/")
    body = response.content.decode()
    assert "https://t{s}.tianditu.gov.cn/vec_w/wmts?" in body and "tk=k3y" in body
    assert "https://t{s}.tianditu.gov.cn/cva_w/wmts?" in body
    csp = response["Content-Security-Policy"]
    img_src = next(part for part in csp.split(";") if part.strip().startswith("img-src"))
    assert all(f"https://t{i}.tianditu.gov.cn" in img_src for i in range(8))
    assert "script-src 'self';" in csp  # the rest of the policy stays as strict


def test_street_page_loads_one_layer_per_village_and_counts_all(client, district, parcels):
    factories.parcel(district["village_a2"], use_status="idle")
    factories.parcel(district["village_b1"])  # another street: not counted
    c = _login(client, "street_admin", district["street_a"])
    body = c.get("/homestead/map/210113001000/").content.decode()
    layers = json.loads(re.search(r'data-layers="([^"]*)"', body).group(1).replace("&quot;", '"'))
    assert [layer["url"] for layer in layers] == [
        "/homestead/map/210113001201/parcels.geojson",
        "/homestead/map/210113001202/parcels.geojson",
    ]
    assert "图例（10 宗）" in body
    assert re.search(r'data-status="idle">.*?<span class="count">2</span>', body)


def test_county_page_shows_boundaries_only_and_says_so(client, district, parcels):
    c = _login(client, "district_admin", district["county"])
    body = c.get("/homestead/map/210113000000/").content.decode()
    assert "街道以上只显示下级单位的边界，不显示宗地" in body
    assert 'data-layers="[]"' in body
    assert "图例" not in body


def test_grid_page_says_parcels_are_by_village(client, district):
    c = _login(client, "grid_worker", district["grid_a1"])
    response = c.get(f"/homestead/map/{district['grid_a1'].code}/")
    assert response.status_code == 200
    assert "宗地按村登记" in response.content.decode()


def test_boundaries_layer_has_the_unit_and_its_children(client, district):
    factories.square_boundary(district["street_a"], 123.4, 41.9, 0.3)
    factories.square_boundary(district["village_a1"], 123.45, 41.95, 0.1)
    factories.square_boundary(district["village_b1"], 123.7, 41.95, 0.1)  # not a child of street A
    c = _login(client, "street_admin", district["street_a"])
    features = _features(c.get("/homestead/map/210113001000/boundaries.geojson"))
    props = [f["properties"] for f in features]
    assert [(p["code"], p["kind"]) for p in props] == [("210113001000", "unit"), ("210113001201", "child")]
    assert props[1]["url"] == "/homestead/map/210113001201/"
    assert props[1]["name"] == "A街1村"
    assert features[0]["geometry"]["type"] == "Polygon"


def _circle(n=200, radius_deg=0.0003):
    angles = [2 * math.pi * i / n for i in range(n)]
    ring = [[123.6 + radius_deg * math.cos(a), 42.1 + radius_deg * math.sin(a)] for a in angles]
    ring.append(ring[0])
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_simplification_reduces_vertices_and_keeps_a_valid_polygon(client, district):
    factories.parcel(district["village_a1"], geometry=_circle())
    c = _login(client, "village_secretary", district["village_a1"])

    def vertices(query):
        (feature,) = _features(c.get(f"/homestead/map/210113001201/parcels.geojson{query}"))
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert shapely.is_valid(geometry) and geometry.geom_type == "Polygon"
        return len(feature["geometry"]["coordinates"][0])

    full = vertices("")
    assert full == 201
    assert vertices("?tolerance=0.00002") < full
    assert vertices("?tolerance=0.00002") > vertices("?tolerance=0.0001")
    assert vertices("?tolerance=abc") == full  # a bad value is ignored, not an error
    assert vertices("?tolerance=nan") == full
    assert vertices("?tolerance=50") >= 4  # clamped: the parcel is still drawn as a polygon


def test_parcels_without_geometry_are_counted_but_not_drawn(client, district):
    drawn = factories.parcel(district["village_a1"])
    blank = factories.parcel(district["village_a1"], geometry="")
    broken = factories.parcel(district["village_a1"], geometry="{not json")
    c = _login(client, "village_secretary", district["village_a1"])
    features = _features(c.get("/homestead/map/210113001201/parcels.geojson"))
    assert [f["properties"]["code"] for f in features] == [drawn.code]
    assert blank.code and broken.code
    assert "图例（3 宗）" in c.get("/homestead/map/210113001201/").content.decode()


def test_parcels_layer_query_count_does_not_grow_with_parcels(client, district):
    c = _login(client, "village_secretary", district["village_a1"])
    h = factories.household(district["village_a1"])
    factories.parcel(district["village_a1"], h)
    with CaptureQueriesContext(connection) as few:
        c.get("/homestead/map/210113001201/parcels.geojson")
    for _ in range(5):
        factories.parcel(district["village_a1"], factories.household(district["village_a1"]))
    with CaptureQueriesContext(connection) as many:
        c.get("/homestead/map/210113001201/parcels.geojson")
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "url",
    [
        "/homestead/map/210113002201/",
        "/homestead/map/210113002201/parcels.geojson",
        "/homestead/map/210113002201/boundaries.geojson",
        "/homestead/map/210113001000/",  # the secretary's street is above the scope
        "/homestead/map/210113001000/parcels.geojson",
        "/homestead/map/999999999999/",
        "/homestead/map/nonsense/",
        "/homestead/map/?unit=210113002201",
        "/homestead/map/?unit=..%2F..",
    ],
)
def test_outside_scope_is_404(client, district, parcels, url):
    factories.parcel(district["village_b1"])
    c = _login(client, "village_secretary", district["village_a1"])
    assert c.get(url).status_code == 404


@pytest.mark.parametrize("role", ["department_staff", "villager"])
def test_roles_without_view_people_get_404(client, district, parcels, role):
    place = factories.department(district["county"]) if role == "department_staff" else district["village_a1"]
    c = _login(client, role, place)
    village = "/homestead/map/210113001201/"
    for url in ("/homestead/map/", village, f"{village}parcels.geojson", f"{village}boundaries.geojson"):
        assert c.get(url).status_code == 404, url


def test_map_home_redirects_to_the_scope_or_the_chosen_unit(client, district):
    c = _login(client, "street_admin", district["street_a"])
    response = c.get("/homestead/map/")
    assert (response.status_code, response["Location"]) == (302, "/homestead/map/210113001000/")
    response = c.get("/homestead/map/?unit=210113001202")
    assert (response.status_code, response["Location"]) == (302, "/homestead/map/210113001202/")


def test_register_links_to_the_map_of_the_filtered_village(client, district):
    c = _login(client, "district_admin", district["county"])
    assert '<a href="/homestead/map/">一张图</a>' in c.get("/homestead/parcels/").content.decode()
    body = c.get("/homestead/parcels/?village=210113001201").content.decode()
    assert '<a href="/homestead/map/?unit=210113001201">一张图</a>' in body
    links = re.search(r'<p class="links">.*?</p>', c.get("/homestead/eligibility/").content.decode(), re.S)
    assert "一张图" not in links.group(0)  # only the module tabs lead there


def test_parcel_layers_are_served_per_village_only(client, district):
    client.force_login(factories.user("district_admin", district["county"]))
    assert client.get("/homestead/map/210113001000/parcels.geojson").status_code == 404
    assert client.get("/homestead/map/210113001201/parcels.geojson").status_code == 200
