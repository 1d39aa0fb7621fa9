import pytest
from django.utils import timezone

from zhenxing.core.models import AuditEvent, IndicatorTarget
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def admin_client(client, district):
    for v, g, n in (("village_a1", "grid_a1", 3), ("village_b2", "grid_b2", 2)):
        for _ in range(n):
            factories.person(factories.household(district[v], district[g]))
    client.force_login(factories.user("district_admin", district["county"]))
    return client


def _figure(response, key):
    return next(f for f in response.context["figures"] if f.indicator.key == key)


def test_dashboard_figures_are_computed_from_records(admin_client, district):
    response = admin_client.get("/stats/210113000000/")
    assert _figure(response, "people.households").value == 5
    assert _figure(response, "org.villages").value == 4
    assert _figure(response, "org.grids").value == 4


def test_children_table_has_each_streets_values(admin_client, district):
    response = admin_client.get("/stats/210113000000/")
    rows = {
        child.code: dict((i.key, v) for i, v in values)["people.households"]
        for child, values in response.context["rows"]
    }
    assert rows == {"210113001000": 3, "210113002000": 2}


def test_every_figure_opens_to_its_records(admin_client):
    response = admin_client.get("/stats/210113001000/indicator/people.households/")
    assert response.context["value"] == 3
    assert response.context["page"].paginator.count == 3


def test_target_progress(admin_client):
    response = admin_client.post(
        "/stats/210113000000/targets/", {"indicator": "people.households", "year": "2024", "value": "10"}
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(indicator="people.households", year=2024).value == 10
    assert AuditEvent.objects.filter(action="target.set").exists()
    figure = _figure(admin_client.get("/stats/210113000000/?year=2024"), "people.households")
    assert figure.target == 10 and figure.percent == 50


def test_bad_target_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        "/stats/210113000000/targets/",
        {"indicator": "people.households", "year": "2024", "value": "十"},
        follow=True,
    )
    assert "不是数字" in response.content.decode()
    assert not IndicatorTarget.objects.exists()


def test_dashboard_outside_scope_is_404(client, district):
    client.force_login(factories.user("street_admin", district["street_a"]))
    assert client.get("/stats/210113002000/").status_code == 404
    assert client.get("/stats/210113000000/").status_code == 404
    assert client.get("/stats/210113001000/").status_code == 200


def test_department_staff_see_figures_but_not_the_people_behind_them(client, district):
    client.force_login(factories.user("department_staff", factories.department(district["county"])))
    assert client.get("/stats/210113000000/").status_code == 200
    assert client.get("/stats/210113000000/indicator/people.households/").status_code == 404
    assert client.get("/stats/210113000000/indicator/org.villages/").status_code == 200


def test_dashboard_query_count_is_bounded(admin_client, django_assert_max_num_queries):
    """One grouped query per indicator (cards and children table together), and one more for each of the
    two comparisons (同比, 环比) of a figure that moves with time, plus a fixed few: the count grows with the
    indicators declared, never with the children or the records."""
    from zhenxing.core.indicators import registry

    moving = {k for i in registry.all("county") if i.has_history for k in (i.key, *(i.ratio_of or ()))}
    with django_assert_max_num_queries(len(registry.all("county")) + 2 * len(moving) + 12):
        admin_client.get("/stats/210113000000/")


def test_child_table_figures_link_to_their_records(admin_client):
    body = admin_client.get("/stats/210113000000/").content.decode()
    assert f'href="/stats/210113001000/indicator/people.households/?period={THIS_YEAR}">3</a>' in body


def test_a_village_is_not_shown_counts_of_streets_or_villages(admin_client):
    keys = {f.indicator.key for f in admin_client.get("/stats/210113001201/").context["figures"]}
    assert "org.towns" not in keys and "org.villages" not in keys
    assert {"org.grids", "people.households"} <= keys


def test_street_posts_are_not_counted_on_a_village_dashboard(admin_client):
    village = {f.indicator.key for f in admin_client.get("/stats/210113001201/").context["figures"]}
    street = {f.indicator.key for f in admin_client.get("/stats/210113001000/").context["figures"]}
    assert "people.cadres.street_secretary" not in village and "people.cadres.village_secretary" in village
    assert "people.cadres.street_secretary" in street


def test_cards_agree_with_per_unit_counts_including_records_on_the_unit_itself(admin_client, district):

    street_cadre = factories.person(org_unit=district["street_a"])
    factories.cadre(street_cadre, "street_leader", district["street_a"])
    county_cadre = factories.person(org_unit=district["county"])
    factories.cadre(county_cadre, "street_leader", district["county"])
    for code in ("210113000000", "210113001000", "210113001201", "210113001201G001"):
        unit = district["county"].__class__.objects.get(code=code)
        for figure in admin_client.get(f"/stats/{code}/").context["figures"]:
            assert figure.value == figure.indicator.value(unit.path), (code, figure.indicator.key)
    county = admin_client.get("/stats/210113000000/").context
    cadres = next(f for f in county["figures"] if f.indicator.key == "people.cadres")
    row_sum = sum(dict((i.key, v) for i, v in vals)["people.cadres"] for _, vals in county["rows"])
    assert cadres.value == row_sum + 1  # the county's own cadre is in the card, not in any street row
