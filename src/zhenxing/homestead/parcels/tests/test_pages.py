import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhenxing.homestead import drawing
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def data(district):
    a1, b1 = district["village_a1"], district["village_b1"]
    h1 = factories.household(a1, district["grid_a1"])
    factories.person(h1, name="孙大山")
    h2 = factories.household(b1)
    factories.person(h2, name="吴外村")
    mine = factories.parcel(a1, h1, area_m2="200", east="道路", north="王家", certification="certified")
    factories.house(mine, structure="brick_wood", floors=2, building_area_m2="150.50")
    idle = factories.parcel(a1, h1, area_m2="180", use_status="idle", build_status="approved_unbuilt")
    outsider = factories.parcel(a1, h2, area_m2="250")
    theirs = factories.parcel(b1, h2, area_m2="300")
    return {"h1": h1, "h2": h2, "mine": mine, "idle": idle, "outsider": outsider, "theirs": theirs}


def _client_for(client, role, place):
    client.force_login(factories.user(role, place))
    return client


def test_register_lists_the_secretarys_village_only(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get("/homestead/parcels/").content.decode()
    assert data["mine"].code in body and data["outsider"].code in body
    assert data["theirs"].code not in body
    assert "孙大山" in body and "0.3000" in body  # 权利人 and 200 m² = 0.3 亩


def test_parcel_outside_scope_is_404(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    assert c.get(f"/homestead/parcels/{data['theirs'].pk}/").status_code == 404
    assert c.get(f"/homestead/parcels/{data['mine'].pk}/").status_code == 200


@pytest.mark.parametrize("role", ["department_staff", "villager"])
def test_roles_without_view_people_get_404(client, district, data, role):
    place = factories.department(district["county"]) if role == "department_staff" else district["village_a1"]
    c = _client_for(client, role, place)
    for url in ("/homestead/parcels/", f"/homestead/parcels/{data['mine'].pk}/", "/homestead/eligibility/"):
        assert c.get(url).status_code == 404, url


def test_nav_shows_the_homestead_entry_to_people_viewers(client, district, data):
    c = _client_for(client, "village_cadre", district["village_a1"])
    assert 'href="/homestead/parcels/"' in c.get("/people/households/").content.decode()


def test_register_filters(client, district, data):
    c = _client_for(client, "district_admin", district["county"])
    body = c.get("/homestead/parcels/?use_status=idle").content.decode()
    assert data["idle"].code in body and data["mine"].code not in body
    body = c.get("/homestead/parcels/?flag=non_local&village=210113001201").content.decode()
    assert data["outsider"].code in body and data["mine"].code not in body and data["theirs"].code not in body
    body = c.get(f"/homestead/parcels/?q={data['theirs'].code}").content.decode()
    assert data["theirs"].code in body and data["mine"].code not in body


def test_excel_export_has_the_filtered_rows(client, district, data):
    c = _client_for(client, "district_admin", district["county"])
    response = c.get("/homestead/parcels/?village=210113001201&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("宗地代码", "坐落", "面积(m²)", "面积(亩)")
    assert {r[0] for r in rows[1:]} == {data["mine"].code, data["idle"].code, data["outsider"].code}
    mine = next(r for r in rows if r[0] == data["mine"].code)
    assert mine[5] == "孙大山" and mine[8] == "已确权登记"


def _geojson(response):
    return json.loads(b"".join(response.streaming_content))


def test_geojson_export_is_a_feature_collection_of_the_filtered_parcels(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    response = c.get("/homestead/parcels/?use_status=in_use&export=geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = _geojson(response)
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["code"]: f for f in collection["features"]}
    assert set(features) == {data["mine"].code, data["outsider"].code}  # not idle, not another village
    mine = features[data["mine"].code]
    assert mine["geometry"] == json.loads(data["mine"].geometry)
    assert mine["properties"]["area_m2"] == 200.0 and mine["properties"]["holder"] == "孙大山"


def test_exports_are_bounded(client, district, data, settings):
    settings.EXPORT_MAX_ROWS = 2
    c = _client_for(client, "district_admin", district["county"])
    assert len(_geojson(c.get("/homestead/parcels/?export=geojson"))["features"]) == 2
    sheet = load_workbook(io.BytesIO(c.get("/homestead/parcels/?export=xlsx").content)).active
    assert len(list(sheet.iter_rows(values_only=True))) == 3


def test_roles_without_export_cannot_export(client, district, data):
    c = _client_for(client, "village_cadre", district["village_a1"])
    assert c.get("/homestead/parcels/?export=geojson").status_code == 404
    assert c.get("/homestead/parcels/?export=xlsx").status_code == 404
    assert c.get("/homestead/eligibility/?export=xlsx").status_code == 404


def test_detail_shows_fields_houses_and_the_outline(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get(f"/homestead/parcels/{data['mine'].pk}/").content.decode()
    assert "东：道路" in body and "北：王家" in body and "0.3000 亩" in body
    assert "砖木" in body and "150.50" in body
    assert f'href="/people/households/{data["h1"].pk}/"' in body
    svg = re.search(r'<svg class="parcel-outline".*?</svg>', body, re.S)
    assert svg is not None
    path = re.search(r'<path d="([^"]+)"', svg.group(0)).group(1)
    assert path.startswith("M ") and path.endswith(" Z") and path.count(" L ") == 4
    assert "<script" not in body.split("<main>")[1]


def test_another_villages_household_is_named_but_not_linked(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get(f"/homestead/parcels/{data['outsider'].pk}/").content.decode()
    assert "吴外村" in body and data["h2"].number in body
    assert f"/people/households/{data['h2'].pk}/" not in body
    assert "非本村村民使用" in body


def test_outline_keeps_the_shape_and_fits_the_box():
    # A square on the ground (equal metres each way) is drawn square, not stretched by longitude degrees.
    square = factories._square(123.5, 42.0, 20)[0]
    outline = drawing.outline(square)
    numbers = [float(n) for n in re.findall(r"[\d.]+", outline.path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= 300 and min(ys) >= 0 and max(ys) <= 300
    assert abs((max(xs) - min(xs)) - (max(ys) - min(ys))) < 1
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(300 - 2 * drawing.MARGIN, abs=0.2)


def test_outline_of_nothing_is_none():
    assert drawing.outline("") is None
    assert drawing.outline("not json") is None
    assert drawing.outline('{"type": "Point", "coordinates": [123.5, 42.0]}') is None


def test_outline_draws_every_ring_of_a_multipolygon():
    a = json.loads(factories._square(123.5, 42.0, 20)[0])["coordinates"]
    b = json.loads(factories._square(123.6, 42.0, 20)[0])["coordinates"]
    outline = drawing.outline(json.dumps({"type": "MultiPolygon", "coordinates": [a, b]}))
    assert outline.path.count("M ") == 2


def test_eligibility_page_lists_flags(client, district, data):
    factories.parcel(district["village_a1"], data["h1"], area_m2="10")  # a third residential parcel
    c = _client_for(client, "district_admin", district["county"])
    response = c.get("/homestead/eligibility/?flag=multiple")
    rows = {url: dict(cells) for url, cells in response.context["rows"]}
    assert set(rows) == {f"/people/households/{h.pk}/" for h in (data["h1"], data["h2"])}  # h2: A1 and B1
    h1 = rows[f"/people/households/{data['h1'].pk}/"]
    assert (h1["宗数"], h1["一户多宅"], h1["超占"], h1["非本村村民使用"]) == (3, "是", "是", "否")
    response = c.get("/homestead/eligibility/?flag=non_local")
    assert [url for url, _ in response.context["rows"]] == [f"/people/households/{data['h2'].pk}/"]
    assert "/homestead/parcels/?flag=non_local" in response.content.decode()


def test_eligibility_export(client, district, data):
    c = _client_for(client, "district_admin", district["county"])
    response = c.get("/homestead/eligibility/?flag=non_local&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("一户多宅", "超占", "非本村村民使用")
    assert [(r[0], r[-1]) for r in rows[1:]] == [(data["h2"].number, "是")]


def _queries(c, url):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/homestead/parcels/", "/homestead/eligibility/"])
def test_register_query_count_does_not_grow_with_rows(client, district, url):
    def add(n):
        for _ in range(n):
            h = factories.household(district["village_a1"], district["grid_a1"])
            factories.person(h)
            factories.house(factories.parcel(district["village_a1"], h))

    c = _client_for(client, "district_admin", district["county"])
    add(3)
    few = _queries(c, url)
    add(20)
    assert _queries(c, url) == few <= 10


def test_detail_query_count_does_not_grow_with_houses(client, district, data):
    c = _client_for(client, "district_admin", district["county"])
    url = f"/homestead/parcels/{data['mine'].pk}/"
    few = _queries(c, url)
    for _ in range(5):
        factories.house(data["mine"])
    assert _queries(c, url) == few
