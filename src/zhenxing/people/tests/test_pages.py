import io

import pytest
from openpyxl import load_workbook

from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(district):
    h1 = factories.household(district["village_a1"], district["grid_a1"])
    head = factories.person(h1, name="孙大山")
    wife = factories.person(h1, name="周桂芝", relation="spouse", gender="F")
    h2 = factories.household(district["village_b1"], district["grid_b1"])
    other = factories.person(h2, name="吴外村")
    return {"h1": h1, "head": head, "wife": wife, "h2": h2, "other": other}


def _client_for(client, role, place):
    client.force_login(factories.user(role, place))
    return client


def test_register_shows_masked_ids_in_scope_only(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get("/people/persons/").content.decode()
    assert "孙大山" in body and "周桂芝" in body and "吴外村" not in body
    assert data["head"].id_number_masked in body


def test_household_detail_lists_members_with_relationships(client, district, data):
    c = _client_for(client, "village_cadre", district["village_a1"])
    body = c.get(f"/people/households/{data['h1'].pk}/").content.decode()
    assert "孙大山" in body and "配偶" in body and "户主" in body


def test_other_villages_records_answer_404(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    assert c.get(f"/people/households/{data['h2'].pk}/").status_code == 404
    assert c.get(f"/people/persons/{data['other'].pk}/").status_code == 404
    assert c.post(f"/people/persons/{data['other'].pk}/reveal/").status_code == 404


def test_export_has_the_same_rows_as_the_filtered_page(client, district, data):
    c = _client_for(client, "district_admin", district["county"])
    response = c.get("/people/persons/?village=210113001201&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert {r[0] for r in rows[1:]} == {"孙大山", "周桂芝"}
    assert all("*" in r[3] for r in rows[1:])  # ID numbers stay masked in exports


def test_roles_without_export_get_404_on_export(client, district, data):
    c = _client_for(client, "village_cadre", district["village_a1"])
    assert c.get("/people/persons/?export=xlsx").status_code == 404


def test_villager_sees_only_their_own_household(client, district, data):
    u = factories.user("villager", district["village_a1"])
    data["wife"].user = u
    data["wife"].save()
    client.force_login(u)
    body = client.get("/people/my-household/").content.decode()
    assert "孙大山" in body and "吴外村" not in body
    assert client.get("/people/persons/").status_code == 404
    assert client.get(f"/people/households/{data['h1'].pk}/").status_code == 404


def _queries(c, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/people/persons/", "/people/households/"])
def test_register_query_count_does_not_grow_with_rows(client, district, url):
    def add(n):
        for _ in range(n):
            factories.person(factories.household(district["village_a1"], district["grid_a1"]))

    c = _client_for(client, "district_admin", district["county"])
    add(3)
    few = _queries(c, url)
    add(30)
    assert _queries(c, url) == few <= 10


def test_household_page_title_is_plain_text(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get(f"/people/households/{data['h1'].pk}/").content.decode()
    title = body[body.index("<title>") : body.index("</title>")]
    assert "<" not in title[len("<title>") :] and data["h1"].number in title
    assert body.count("佐证材料") == 1


def test_register_is_chinese_whatever_the_browser_asks(client, district, data):
    c = _client_for(client, "village_secretary", district["village_a1"])
    body = c.get("/people/persons/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "1970-05-01" in body and "May" not in body


def test_grid_worker_gets_no_village_filter_and_only_their_grid(client, district, data):
    c = _client_for(client, "grid_worker", district["grid_a1"])
    response = c.get("/people/persons/")
    assert [f[0] for f in response.context["filters"]] == ["q", "political_status", "gender", "age_band"]
    assert "孙大山" in response.content.decode() and "吴外村" not in response.content.decode()
