from decimal import Decimal

import pytest
from django.http import Http404

from zhenxing.homestead.eligibility import selectors as elig
from zhenxing.homestead.parcels import selectors
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def _actor(role, place):
    return actor_for(factories.user(role, place))


@pytest.fixture
def world(district):
    """A1: one household with two residential parcels (一户多宅) and one with one big parcel (超占);
    a B1 household using a parcel in A1 (非本村); a non-member household of A2 with a parcel; a plain
    household with one parcel; an eligible household with none."""
    a1, a2, b1 = district["village_a1"], district["village_a2"], district["village_b1"]
    multi = factories.household(a1, district["grid_a1"])
    factories.person(multi, name="多宅户主")
    big = factories.household(a1)
    factories.person(big, name="超占户主")
    outsider = factories.household(b1)
    factories.person(outsider, name="外村户主")
    nonmember = factories.household(a2, collective_member=False)
    plain = factories.household(a1)
    landless = factories.household(a1)
    parcels = {
        "multi_1": factories.parcel(a1, multi, area_m2="150"),
        "multi_2": factories.parcel(a1, multi, area_m2="160"),
        "big": factories.parcel(a1, big, area_m2="420.5"),
        "outsider": factories.parcel(a1, outsider, area_m2="200"),
        "nonmember": factories.parcel(a2, nonmember, area_m2="200"),
        "plain": factories.parcel(a1, plain, area_m2="300", certification="certified"),
        "courtyard": factories.parcel(a1, plain, area_m2="40", use="courtyard"),
        "unheld": factories.parcel(b1, None, use_status="idle"),
    }
    households = dict(
        multi=multi, big=big, outsider=outsider, nonmember=nonmember, plain=plain, landless=landless
    )
    return {**district, **households, "parcels": parcels}


def _codes(qs):
    return {p.code for p in qs}


def test_parcels_are_scoped_to_the_actors_villages(world):
    secretary = _actor("village_secretary", world["village_a1"])
    p = world["parcels"]
    expected = {p[k].code for k in ("multi_1", "multi_2", "big", "outsider", "plain", "courtyard")}
    assert _codes(selectors.parcels(actor=secretary)) == expected


def test_parcel_outside_scope_answers_404(world):
    secretary = _actor("village_secretary", world["village_a1"])
    with pytest.raises(Http404):
        selectors.parcel(actor=secretary, pk=world["parcels"]["nonmember"].pk)
    assert (
        selectors.parcel(actor=secretary, pk=world["parcels"]["big"].pk).code == world["parcels"]["big"].code
    )


def test_roles_without_view_people_get_nothing(world):
    staff = _actor("department_staff", factories.department(world["county"]))
    with pytest.raises(Http404):
        selectors.parcels(actor=staff)
    with pytest.raises(Http404):
        elig.eligibility(actor=staff)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"flag": "multiple"}, {"multi_1", "multi_2"}),
        ({"flag": "over_cap"}, {"big"}),
        ({"flag": "non_local"}, {"outsider", "nonmember"}),
        ({"use_status": "idle"}, {"unheld"}),
        ({"certification": "certified"}, {"plain"}),
        ({"village": "210113001202"}, {"nonmember"}),
        ({"village": "210113002000"}, {"unheld"}),
    ],
)
def test_parcel_filters(world, filters, expected):
    admin = _actor("district_admin", world["county"])
    f = selectors.ParcelFilter(**filters)
    assert _codes(selectors.parcels(actor=admin, filters=f)) == {world["parcels"][k].code for k in expected}


def test_parcel_search_by_code_prefix_or_location(world):
    admin = _actor("district_admin", world["county"])
    big = world["parcels"]["big"]
    by_code = selectors.parcels(actor=admin, filters=selectors.ParcelFilter(q=big.code.lower()))
    assert _codes(by_code) == {big.code}
    by_location = selectors.parcels(actor=admin, filters=selectors.ParcelFilter(q=big.location[-6:]))
    assert big.code in _codes(by_location)


def test_plural_parcels_of_a_plain_household_are_not_multiple_when_one_is_a_courtyard(world):
    # The plain household holds a residential parcel and a courtyard: one homestead, not 一户多宅.
    admin = _actor("district_admin", world["county"])
    rows = {h.pk: h for h in elig.eligibility(actor=admin)}
    plain = rows[world["plain"].pk]
    assert (plain.parcel_count, plain.residential_count, plain.total_area) == (2, 1, Decimal("340.00"))
    assert elig.household_flags(plain) == {"multiple": False, "over_cap": False, "non_local": False}


def test_eligibility_rows_carry_counts_areas_and_flags(world):
    admin = _actor("district_admin", world["county"])
    rows = {h.pk: h for h in elig.eligibility(actor=admin)}
    flags = {key: elig.household_flags(rows[world[key].pk]) for key in ("multi", "big", "outsider")}
    assert flags["multi"] == {"multiple": True, "over_cap": False, "non_local": False}
    assert flags["big"] == {"multiple": False, "over_cap": True, "non_local": False}
    assert flags["outsider"] == {"multiple": False, "over_cap": False, "non_local": True}
    assert elig.household_flags(rows[world["nonmember"].pk])["non_local"] is True
    landless = rows[world["landless"].pk]
    assert (landless.parcel_count, landless.total_area, landless.collective_member) == (0, 0, True)
    assert rows[world["multi"].pk].total_area == Decimal("310.00")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"flag": "multiple"}, {"multi"}),
        ({"flag": "over_cap"}, {"big"}),
        ({"flag": "non_local"}, {"outsider", "nonmember"}),
        ({"eligible": "no"}, {"nonmember"}),
        ({"flag": "non_local", "village": "210113001000"}, {"nonmember"}),
    ],
)
def test_eligibility_flag_lists(world, filters, expected):
    admin = _actor("district_admin", world["county"])
    rows = elig.eligibility(actor=admin, filters=elig.EligibilityFilter(**filters))
    assert {h.pk for h in rows} == {world[k].pk for k in expected}


def test_the_cap_is_configuration(world, settings):
    admin = _actor("district_admin", world["county"])
    over = elig.EligibilityFilter(flag="over_cap")
    settings.ZHENXING_HOMESTEAD_AREA_CAP_M2 = 300
    assert {h.pk for h in elig.eligibility(actor=admin, filters=over)} == {
        world["big"].pk,
        world["multi"].pk,
        world["plain"].pk,
    }


def test_eligibility_is_scoped(world):
    secretary = _actor("village_secretary", world["village_b1"])
    assert {h.pk for h in elig.eligibility(actor=secretary)} == {world["outsider"].pk}


def test_a_secretary_sees_outsiders_using_their_villages_land(world):
    # The B1 household is outside the A1 secretary's households, but its parcel in A1 is in their register.
    secretary = _actor("village_secretary", world["village_a1"])
    non_local = selectors.parcels(actor=secretary, filters=selectors.ParcelFilter(flag="non_local"))
    assert _codes(non_local) == {world["parcels"]["outsider"].code}


def test_parcel_flags_of_one_parcel(world):
    p = world["parcels"]
    assert selectors.parcel_flags(parcel=p["multi_1"]) == ["一户多宅"]
    assert selectors.parcel_flags(parcel=p["big"]) == ["超占"]
    assert selectors.parcel_flags(parcel=p["outsider"]) == ["非本村村民使用"]
    assert selectors.parcel_flags(parcel=p["unheld"]) == []
