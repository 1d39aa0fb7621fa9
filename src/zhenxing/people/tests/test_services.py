from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core import personal
from zhenxing.core.idcard import make_id_number
from zhenxing.core.models import AuditEvent
from zhenxing.orgs.access import actor_for
from zhenxing.people import services
from zhenxing.people.models import Person
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(district):
    return actor_for(factories.user("village_secretary", district["village_a1"]))


@pytest.fixture
def home(district, secretary):
    return services.register_household(
        actor=secretary, number="H-1", village=district["village_a1"], grid=district["grid_a1"]
    )


def test_household_and_head_are_registered_encrypted_and_audited(home, secretary):
    number = make_id_number("210113", date(1975, 3, 9), 7, "F")
    p = services.add_person(
        actor=secretary, household=home, name="李秀兰", id_number=number, relation="head", phone="13912345678"
    )
    p.refresh_from_db()
    home.refresh_from_db()
    assert home.head == p and p.path == home.path
    assert p.gender == "F" and p.birth_date == date(1975, 3, 9)
    assert number not in p.id_number_enc and p.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert Person.objects.get(id_number_hash=personal.lookup_hash(number)) == p
    assert AuditEvent.objects.filter(action="person.create", object_id=str(p.pk)).exists()
    assert AuditEvent.objects.filter(action="household.create").exists()


def test_id_number_must_match_gender_and_birth_date(home, secretary):
    number = make_id_number("210113", date(1975, 3, 9), 7, "F")
    with pytest.raises(ValidationError) as exc:
        services.add_person(
            actor=secretary, household=home, name="王", id_number=number, relation="head", gender="M"
        )
    assert "性别" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.add_person(
            actor=secretary,
            household=home,
            name="王",
            id_number=number,
            relation="head",
            birth_date=date(1975, 3, 10),
        )
    assert "出生日期" in str(exc.value)


def test_bad_check_digit_and_duplicates_are_rejected(home, secretary):
    number = make_id_number("210113", date(1980, 1, 1), 3, "M")
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        services.add_person(actor=secretary, household=home, name="张", id_number=bad, relation="head")
    services.add_person(actor=secretary, household=home, name="张", id_number=number, relation="head")
    with pytest.raises(ValidationError, match="已登记"):
        services.add_person(actor=secretary, household=home, name="张", id_number=number, relation="child")


def test_second_head_is_rejected(home, secretary):
    services.add_person(
        actor=secretary,
        household=home,
        name="甲",
        id_number=make_id_number("210113", date(1960, 1, 1), 1, "M"),
        relation="head",
    )
    with pytest.raises(ValidationError, match="户主"):
        services.add_person(
            actor=secretary,
            household=home,
            name="乙",
            id_number=make_id_number("210113", date(1962, 1, 1), 2, "M"),
            relation="head",
        )


def test_writes_outside_scope_answer_404(district, secretary):
    with pytest.raises(Http404):
        services.register_household(actor=secretary, number="H-2", village=district["village_a2"])


def test_cadre_may_not_reveal_but_secretary_may_and_it_is_audited(district, home, secretary):
    number = make_id_number("210113", date(1981, 2, 2), 9, "M")
    p = services.add_person(
        actor=secretary, household=home, name="赵", id_number=number, relation="head", phone="13700001111"
    )
    cadre = actor_for(factories.user("village_cadre", district["village_a1"]))
    with pytest.raises(Http404):
        services.reveal_personal(actor=cadre, person=p)
    assert services.reveal_personal(actor=secretary, person=p) == {
        "id_number": number,
        "phone": "13700001111",
    }
    assert AuditEvent.objects.filter(action="person.reveal", object_id=str(p.pk)).count() == 1


def test_update_records_before_and_after_but_never_the_phone(home, secretary):
    p = services.add_person(
        actor=secretary,
        household=home,
        name="钱",
        id_number=make_id_number("210113", date(1990, 5, 5), 4, "M"),
        relation="head",
    )
    services.update_person(actor=secretary, person=p, political_status="cyl", phone="13600002222")
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes["political_status"] == ["masses", "cyl"]
    assert "13600002222" not in str(event.changes)
    with pytest.raises(ValidationError):
        services.update_person(actor=secretary, person=p, birth_date=date(1991, 1, 1))
