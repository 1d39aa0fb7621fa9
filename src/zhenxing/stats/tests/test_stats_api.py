"""The statistics API gives the dashboard's numbers, rows, scope and refusals: it reads through the same
selectors and service as the pages, and these tests hold the two side by side."""

from datetime import UTC
from decimal import Decimal

import pytest
from django.test import Client

from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent, IndicatorTarget
from zhenxing.stats.schemas import cell
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

COUNTY, STREET_A, STREET_B, VILLAGE_A1 = "210113000000", "210113001000", "210113002000", "210113001201"


def signed_in(role, place) -> Client:
    c = Client()
    c.force_login(factories.user(role, place))
    return c


@pytest.fixture
def admin(district):
    for v, g, n in (("village_a1", "grid_a1", 3), ("village_b2", "grid_b2", 2)):
        for _ in range(n):
            factories.person(factories.household(district[v], district[g]))
    street_cadre = factories.person(org_unit=district["street_a"])  # a record on the street itself
    factories.cadre(street_cadre, "street_leader", district["street_a"])
    return signed_in("district_admin", district["county"])


def values(c, key, unit, **extra):
    return c.get(f"/api/v1/indicators/{key}/values", {"unit": unit, **extra})


def set_target(c, body, code=COUNTY):
    return c.post(f"/api/v1/stats/{code}/targets", body, content_type="application/json")


def test_the_registry_lists_every_indicator_in_the_dashboards_order(admin):
    r = admin.get("/api/v1/indicators")
    assert r.status_code == 200
    assert [i["key"] for i in r.json()] == [i.key for i in registry.all()]
    households = next(i for i in r.json() if i["key"] == "people.households")
    assert households["name"] and households["unit"] == "户" and households["kind"] == "count"
    assert households["period_fields"] == [] and households["can_open_records"] is True
    village_keys = [i["key"] for i in admin.get("/api/v1/indicators", {"level": "village"}).json()]
    assert "org.villages" not in village_keys and "org.grids" in village_keys
    ratios = [i for i in r.json() if i["kind"] == "ratio"]
    assert all(len(i["ratio_of"]) == 2 for i in ratios)


@pytest.mark.parametrize("code", [COUNTY, STREET_A, VILLAGE_A1])
def test_values_are_the_dashboards_cards_and_children_table(admin, code):
    page = admin.get(f"/stats/{code}/").context
    cards = {f.indicator.key: f.value for f in page["figures"]}
    table = {child.code: {i.key: v for i, v in vals} for child, vals in page["rows"]}
    for key, shown in cards.items():
        body = values(admin, key, code).json()
        assert Decimal(body["unit"]["value"]) == shown, key
        assert body["unit"]["applies"] is True
        assert [c["code"] for c in body["children"]] == list(table)
        for child in body["children"]:
            if key in table[child["code"]]:
                assert Decimal(child["value"]) == table[child["code"]][key], (key, child["code"])


def test_values_carry_the_target_and_its_progress_for_the_unit_and_its_children(admin):
    for code, value in ((COUNTY, "10"), (STREET_A, "6")):
        form = {"indicator": "people.households", "year": "2024", "value": value}
        admin.post(f"/stats/{code}/targets/", form)  # the page's form
    body = values(admin, "people.households", COUNTY, year=2024).json()
    assert body["year"] == 2024
    assert (body["unit"]["value"], body["unit"]["target"], body["unit"]["percent"]) == ("5", "10.00", 50)
    by_code = {c["code"]: c for c in body["children"]}
    assert (by_code[STREET_A]["target"], by_code[STREET_A]["percent"]) == ("6.00", 50)
    assert by_code[STREET_B]["target"] is None and by_code[STREET_B]["percent"] is None
    assert values(admin, "people.households", COUNTY, year=2025).json()["unit"]["target"] is None


def test_records_are_the_drill_down_pages_rows(admin):
    page = admin.get(f"/stats/{STREET_A}/indicator/people.population/").context
    r = admin.get("/api/v1/indicators/people.population/records", {"unit": STREET_A})
    assert r.status_code == 200
    body = r.json()
    assert body["columns"] == page["headers"]
    assert body["count"] == page["page"].paginator.count > 0
    rows = body["items"]
    assert [row["values"] for row in rows] == [[cell(v) for _, v in vals] for _, vals in page["rows"]]
    assert [row["url"] for row in rows] == [url for url, _ in page["rows"]]
    assert all(isinstance(v, str | int | float | bool | type(None)) for row in rows for v in row["values"])


def test_records_page_by_number_and_by_cursor(admin):
    url = "/api/v1/indicators/people.population/records"
    first = admin.get(url, {"unit": COUNTY, "page_size": 2}).json()
    second = admin.get(url, {"unit": COUNTY, "page_size": 2, "page": 2}).json()
    total = first["count"]
    assert total == 5 and len(first["items"]) == len(second["items"]) == 2
    assert not {row["id"] for row in first["items"]} & {row["id"] for row in second["items"]}
    ids, cursor = [], "start"
    while cursor:
        body = admin.get(url, {"unit": COUNTY, "page_size": 4, "cursor": cursor}).json()
        ids += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
    assert sorted(ids) == ids and len(set(ids)) == total


def test_json_cells_keep_numbers_and_give_dates_and_decimals_as_text():
    from datetime import date, datetime

    assert cell(Decimal("1.50")) == "1.50" and cell(3) == 3 and cell(None) is None
    assert cell(date(2024, 1, 2)) == "2024-01-02"
    assert cell(datetime(2024, 1, 1, 16, 0, tzinfo=UTC)) == "2024-01-02T00:00:00+08:00"


def test_scope_is_the_pages(client, district, admin):
    street = signed_in("street_admin", district["street_a"])
    for path, ok in ((f"/api/v1/indicators/people.households/values?unit={STREET_A}", 200),
                     (f"/api/v1/indicators/people.households/values?unit={STREET_B}", 404),
                     (f"/api/v1/indicators/people.households/values?unit={COUNTY}", 404),
                     (f"/api/v1/indicators/people.households/records?unit={STREET_B}", 404),
                     (f"/api/v1/stats/{STREET_B}/targets", 404),
                     (f"/api/v1/stats/{STREET_A}/targets", 200)):
        assert street.get(path).status_code == ok, path
    children = values(street, "people.households", STREET_A).json()["children"]
    assert [c["code"] for c in children] == ["210113001201", "210113001202"]
    villager = signed_in("villager", district["village_a1"])
    for path in ("/api/v1/indicators", f"/api/v1/indicators/people.households/values?unit={VILLAGE_A1}",
                 f"/api/v1/indicators/people.households/records?unit={VILLAGE_A1}",
                 f"/api/v1/stats/{VILLAGE_A1}/targets"):
        assert villager.get(path).status_code == 404, path
        r = client.get(path)
        assert r.status_code == 401 and "未认证" in r.json()["detail"]
    assert admin.get(f"/api/v1/indicators/no.such/values?unit={COUNTY}").status_code == 404


def test_department_staff_see_figures_but_not_the_people_behind_them(district):
    c = signed_in("department_staff", factories.department(district["county"]))
    assert values(c, "people.households", COUNTY).status_code == 200
    assert c.get("/api/v1/indicators/people.households/records", {"unit": COUNTY}).status_code == 404
    assert c.get("/api/v1/indicators/org.villages/records", {"unit": COUNTY}).status_code == 200
    flags = {i["key"]: i["can_open_records"] for i in c.get("/api/v1/indicators").json()}
    assert flags["people.households"] is False and flags["org.villages"] is True


def test_a_target_is_set_as_on_the_page_and_listed(admin):
    r = set_target(admin, {"indicator": "people.households", "year": 2024, "value": 10.5})
    assert r.status_code == 200, r.content
    assert r.json()["value"] == "10.50" and r.json()["indicator_name"]
    assert IndicatorTarget.objects.get(indicator="people.households", year=2024).value == Decimal("10.5")
    assert AuditEvent.objects.filter(action="target.set").count() == 1
    set_target(admin, {"indicator": "people.households", "year": 2024, "value": "12"})
    listed = admin.get(f"/api/v1/stats/{COUNTY}/targets", {"year": 2024}).json()
    assert [(t["indicator"], t["value"]) for t in listed] == [("people.households", "12.00")]
    assert admin.get(f"/api/v1/stats/{COUNTY}/targets", {"year": 2023}).json() == []


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"indicator": "people.households", "year": 2024, "value": "十"}, "value", "目标值“十”不是数字"),
    ({"indicator": "people.households", "year": 2024, "value": -1}, "value", "目标值不能为负数"),
    ({"indicator": "people.households", "year": 1999, "value": 1}, "year", "年度应在2000-2100之间"),
    ({"indicator": "no.such", "year": 2024, "value": 1}, "indicator", "未知指标“no.such”"),
])
def test_a_refused_target_answers_422_with_the_pages_message(admin, body, field, message):
    r = set_target(admin, body)
    assert r.status_code == 422
    assert r.json()["errors"] == {field: [message]} and message in r.json()["detail"]
    assert not IndicatorTarget.objects.exists()


def test_malformed_requests_answer_422_in_chinese(admin):
    r = set_target(admin, {"indicator": "people.households", "year": "2024.0", "value": True})
    assert r.status_code == 422 and set(r.json()["errors"]) == {"year", "value"}
    assert values(admin, "people.households", COUNTY, year=1800).status_code == 422
    assert admin.get("/api/v1/indicators/people.households/values").status_code == 422  # no unit
    assert admin.get("/api/v1/indicators", {"level": "planet"}).status_code == 422


def test_only_a_role_that_sets_targets_may_set_one(district):
    c = signed_in("village_secretary", district["village_a1"])
    body = {"indicator": "people.households", "year": 2024, "value": 1}
    assert c.get(f"/api/v1/stats/{VILLAGE_A1}/targets").status_code == 200
    r = set_target(c, body, VILLAGE_A1)
    assert r.status_code == 404
    assert not IndicatorTarget.objects.exists()


def test_values_cost_a_fixed_few_queries(admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):  # the values, and a year before (同比), whatever the children
        values(admin, "people.households", COUNTY)


@pytest.mark.parametrize(("value", "field", "kept"), [
    ("NaN", "value", None), ("Infinity", "value", None), ("-inf", "value", None), ("1e20", "value", None),
    ("1e-9", None, "0.00"), ("0.005", None, "0.01"), (" 12 ", None, "12.00"),
    ("9999999999999999.99", None, "9999999999999999.99"), ("9999999999999999.995", "value", None),
    ("-0", None, "0.00"),
])
def test_odd_numbers_are_refused_or_kept_never_a_crash(admin, value, field, kept):
    r = set_target(admin, {"indicator": "people.households", "year": 2024, "value": value})
    if field:
        assert r.status_code == 422 and list(r.json()["errors"]) == [field]
    else:
        assert r.status_code == 200 and r.json()["value"] == kept
        assert AuditEvent.objects.get(action="target.set").changes["value"] == [None, kept]
