from datetime import date

import pytest

from zhenxing.orgs.access import actor_for
from zhenxing.people import selectors
from zhenxing.people.models import Person
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(district):
    h1 = factories.household(district["village_a1"], district["grid_a1"])
    h2 = factories.household(district["village_b1"], district["grid_b1"])
    return {
        "old": factories.person(h1, name="王老汉", birth=date(1950, 6, 1)),
        "young": factories.person(
            h1, name="王小", relation="child", birth=date(2010, 6, 1), political_status="cyl"
        ),
        "member": factories.person(h2, name="刘书记", birth=date(1975, 6, 1), political_status="cpc"),
    }


def test_street_admin_sees_only_their_street(district, people):
    actor = actor_for(factories.user("street_admin", district["street_a"]))
    assert set(selectors.persons(actor=actor)) == {people["old"], people["young"]}


def test_grid_worker_sees_only_their_grid(district, people):
    actor = actor_for(factories.user("grid_worker", district["grid_b1"]))
    assert list(selectors.persons(actor=actor)) == [people["member"]]


def test_filters(district, people):
    actor = actor_for(factories.user("district_admin", district["county"]))
    f = selectors.PersonFilter
    today = date(2024, 6, 15)
    assert list(selectors.persons(actor=actor, filters=f(political_status="cpc"))) == [people["member"]]
    assert list(selectors.persons(actor=actor, filters=f(age_band="60-79"), today=today)) == [people["old"]]
    assert list(selectors.persons(actor=actor, filters=f(age_band="0-17"), today=today)) == [people["young"]]
    assert set(selectors.persons(actor=actor, filters=f(q="王"))) == {people["old"], people["young"]}
    assert list(selectors.persons(actor=actor, filters=f(village="210113002201"))) == [people["member"]]
    assert set(selectors.persons(actor=actor, filters=f(village="210113001000"))) == {
        people["old"],
        people["young"],
    }


def test_lookup_by_full_id_number_finds_exactly_that_person(district, people):
    from zhenxing.core import personal

    actor = actor_for(factories.user("district_admin", district["county"]))
    number = personal.decrypt(Person.objects.get(pk=people["member"].pk).id_number_enc)
    assert list(selectors.persons(actor=actor, filters=selectors.PersonFilter(q=number))) == [
        people["member"]
    ]


def test_age_band_boundaries_count_birthdays(district):
    h = factories.household(district["village_a1"])
    turns_60_today = factories.person(h, birth=date(1964, 6, 15))
    turns_60_tomorrow = factories.person(h, relation="spouse", birth=date(1964, 6, 16))
    actor = actor_for(factories.user("district_admin", district["county"]))
    today = date(2024, 6, 15)
    band = selectors.PersonFilter(age_band="60-79")
    assert list(selectors.persons(actor=actor, filters=band, today=today)) == [turns_60_today]
    assert turns_60_tomorrow in selectors.persons(
        actor=actor, filters=selectors.PersonFilter(age_band="36-59"), today=today
    )
