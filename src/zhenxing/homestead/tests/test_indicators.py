from decimal import Decimal

import pytest

from zhenxing.core.indicators import registry
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

KEYS = [
    "homestead.parcels",
    "homestead.parcel_area",
    "homestead.certified",
    "homestead.idle",
    "homestead.idle_area",
    "homestead.revitalised",
    "homestead.revitalised_area",
    "homestead.approved_built",
    "homestead.approved_unbuilt",
    "homestead.unapproved_built",
    "homestead.with_houses",
    "homestead.households",
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ledger(district):
    a1, a2, b1 = district["village_a1"], district["village_a2"], district["village_b1"]
    h1 = factories.household(a1, district["grid_a1"])
    h2 = factories.household(a2)
    h3 = factories.household(b1)
    factories.household(a1)  # no homestead
    p = factories.parcel(a1, h1, area_m2="200", certification="certified")
    factories.house(p)
    factories.house(p)  # two houses on one parcel: still one parcel with houses
    factories.parcel(a1, h1, area_m2="150.5", use_status="idle", build_status="approved_unbuilt")
    factories.parcel(a2, h2, area_m2="300", use_status="revitalised", certification="certified")
    factories.parcel(b1, h3, area_m2="250", build_status="unapproved_built")
    factories.house(factories.parcel(b1, None, area_m2="100", use_status="idle"))
    return district


@pytest.fixture
def admin_client(client, ledger):
    client.force_login(factories.user("district_admin", ledger["county"]))
    return client


def _figures(response):
    return {f.indicator.key: f.value for f in response.context["figures"]}


EXPECTED = {
    "210113000000": {
        "homestead.parcels": 5,
        "homestead.parcel_area": Decimal("1000.50"),
        "homestead.certified": 2,
        "homestead.idle": 2,
        "homestead.idle_area": Decimal("250.50"),
        "homestead.revitalised": 1,
        "homestead.revitalised_area": Decimal("300.00"),
        "homestead.approved_built": 3,
        "homestead.approved_unbuilt": 1,
        "homestead.unapproved_built": 1,
        "homestead.with_houses": 2,
        "homestead.households": 3,
    },
    "210113001201": {
        "homestead.parcels": 2,
        "homestead.parcel_area": Decimal("350.50"),
        "homestead.certified": 1,
        "homestead.idle": 1,
        "homestead.idle_area": Decimal("150.50"),
        "homestead.revitalised": 0,
        "homestead.revitalised_area": 0,
        "homestead.approved_built": 1,
        "homestead.approved_unbuilt": 1,
        "homestead.unapproved_built": 0,
        "homestead.with_houses": 1,
        "homestead.households": 1,
    },
}


@pytest.mark.parametrize("code", ["210113000000", "210113001201"])
def test_dashboard_cards_show_the_homestead_ledger(admin_client, code):
    figures = _figures(admin_client.get(f"/stats/{code}/"))
    assert {k: figures[k] for k in KEYS} == EXPECTED[code]


@pytest.mark.parametrize("key", KEYS)
def test_every_homestead_figure_opens_to_its_records(admin_client, key):
    figure = _figures(admin_client.get("/stats/210113000000/"))[key]
    drill = admin_client.get(f"/stats/210113000000/indicator/{key}/")
    assert drill.status_code == 200
    assert drill.context["value"] == figure
    listed = drill.context["page"].paginator.count
    if registry.get(key).sum_field is None:
        assert listed == figure
    else:  # an area figure is the sum over exactly the listed parcels
        records = registry.get(key).drill("21/2101/210113/")
        assert records.count() == listed and sum(r.area_m2 for r in records) == figure


def test_drill_rows_link_to_the_parcel(admin_client):
    drill = admin_client.get("/stats/210113001201/indicator/homestead.idle/")
    ((url, cells),) = drill.context["rows"]
    assert url.startswith("/homestead/parcels/") and dict(cells)["利用状态"] == "闲置"


def test_street_children_table_splits_the_figures(admin_client):
    rows = admin_client.get("/stats/210113000000/").context["rows"]
    by_street = {child.code: dict((i.key, v) for i, v in values) for child, values in rows}
    assert by_street["210113001000"]["homestead.parcels"] == 3
    assert by_street["210113002000"]["homestead.parcels"] == 2
    assert by_street["210113002000"]["homestead.households"] == 1


def test_parcel_figures_are_not_shown_on_a_grid(admin_client):
    keys = {f.indicator.key for f in admin_client.get("/stats/210113001201G001/").context["figures"]}
    assert "homestead.parcels" not in keys and "homestead.households" in keys


def test_drill_down_needs_view_people(client, ledger):
    client.force_login(factories.user("department_staff", factories.department(ledger["county"])))
    assert "homestead.parcels" in _figures(client.get("/stats/210113000000/"))
    assert client.get("/stats/210113000000/indicator/homestead.parcels/").status_code == 404


def test_application_figures_count_by_state_and_deadline(admin_client, ledger):
    from datetime import timedelta

    from django.utils import timezone

    home = factories.household(ledger["village_a1"])
    clerk = factories.user("village_secretary", ledger["village_a1"])
    factories.application(home, clerk, state="draft")
    factories.application(home, clerk, state="village_review", due_at=timezone.now() - timedelta(days=1))
    factories.application(home, clerk, state="joint_review", due_at=timezone.now() + timedelta(days=3))
    factories.application(home, clerk, state="registered", approved_on=timezone.localdate())
    path = ledger["village_a1"].path
    values = {k: registry.get(f"homestead.{k}").value(path) for k in (
        "applications", "applications_open", "applications_overdue", "applications_approved",
        "applications_registered")}
    assert values == {"applications": 4, "applications_open": 2, "applications_overdue": 1,
                      "applications_approved": 1, "applications_registered": 1}
    page = admin_client.get(f"/stats/{ledger['village_a1'].code}/indicator/homestead.applications_overdue/")
    assert page.status_code == 200 and "村级审查" in page.content.decode()


def test_averages_divide_their_parts_on_cards_and_in_the_children_table(admin_client, ledger):
    from decimal import Decimal as D

    street = admin_client.get(f"/stats/{ledger['street_a'].code}/")
    cards = {f.indicator.key: f.value for f in street.context["figures"]}
    # Street A: parcels of 200 + 150.5 (village A1, one household) and 300 (village A2, one household).
    assert cards["homestead.area_per_household"] == D("325.25")
    rows = {child.code: dict((i.key, v) for i, v in cells) for child, cells in street.context["rows"]}
    assert rows[ledger["village_a1"].code]["homestead.area_per_household"] == D("350.50")
    assert rows[ledger["village_a2"].code]["homestead.area_per_household"] == D("300.00")
    assert registry.get("homestead.area_per_household").value(ledger["village_a1"].path) == D("350.50")
    drill = admin_client.get(f"/stats/{ledger['village_a1'].code}/indicator/homestead.area_per_household/")
    assert drill.status_code == 200 and "350.5" in drill.content.decode()
