"""Loading: determinism for a seed, scale, refusal to load twice, progress."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from zhenxing.demo import accounts, generate
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg
from zhenxing.people.models import CadrePost, Household, PartyMember, Person
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
SCALE = 0.02


class _Undo(Exception):
    pass


def _digest() -> str:
    """Everything a user sees of the generated data, in a stable order (ID numbers by keyed hash)."""
    h = hashlib.sha256()
    queries = [
        OrgUnit.objects.order_by("code").values_list("code", "name", "level", "development_village"),
        PartyOrg.objects.order_by("kind", "name").values_list(
            "kind", "name", "org_unit__code", "parent__name"),
        Department.objects.order_by("name").values_list("name", "staff_sunk"),
        Household.objects.order_by("number").values_list(
            "number", "address", "collective_member", "group__code", "grid__code", "head__id_number_hash"),
        Person.objects.order_by("id_number_hash").values_list(
            "id_number_hash", "name", "gender", "birth_date", "ethnicity", "education", "political_status",
            "relation", "household__number", "org_unit__code", "phone_masked"),
        PartyMember.objects.order_by("person__id_number_hash").values_list(
            "person__id_number_hash", "branch__name", "classification", "joined_on"),
        CadrePost.objects.order_by("post", "person__id_number_hash").values_list(
            "person__id_number_hash", "post", "title", "org_unit__code", "sending_unit"),
    ]
    for rows in queries:
        # Ordered by every column shown: rows that tie on the first keys (two branches of one name) come
        # in heap order on PostgreSQL, which a rolled-back load before this one can change.
        for row in sorted(rows, key=repr):
            h.update(repr(row).encode())
    return h.hexdigest()


def _load_and_digest(seed: int, scale: float = SCALE) -> str:
    """Load, take the digest, and roll the load back so the next one starts from an empty database."""
    result = ""
    try:
        with transaction.atomic():
            generate.load_demo(seed=seed, scale=scale)
            result = _digest()
            raise _Undo
    except _Undo:
        pass
    assert generate.is_empty()
    return result


def test_same_seed_gives_identical_data_and_another_seed_does_not():
    first = _load_and_digest(11)
    assert _load_and_digest(11) == first
    assert _load_and_digest(12) != first


def test_scale_changes_the_villagers_but_not_the_org_tree():
    def tree():
        return list(OrgUnit.objects.order_by("code").values_list("code", "name", "development_village"))

    with transaction.atomic():
        small = generate.load_demo(seed=5, scale=0.01)
        small_tree = tree()
        transaction.set_rollback(True)
    large = generate.load_demo(seed=5, scale=0.03)
    assert tree() == small_tree
    assert (small["households"], large["households"]) == (500, 1500)
    assert Household.objects.count() == 1500


def test_is_empty_until_loaded_and_a_second_load_is_refused():
    assert generate.is_empty()
    generate.load_demo(seed=8, scale=0.01)
    assert not generate.is_empty()
    with pytest.raises(generate.DemoExists):
        generate.load_demo(seed=8, scale=0.01)


def test_progress_is_reported_per_phase():
    calls = []
    generate.load_demo(seed=3, scale=0.01, progress=lambda *call: calls.append(call))
    labels = [label for _, _, label in calls]
    assert {"组织", "户", "党员", "干部"} <= set(labels)
    household_calls = [(d, t) for d, t, label in calls if label == "户"]
    assert household_calls[-1] == (500, 500)
    assert [d for d, _ in household_calls] == sorted(d for d, _ in household_calls)

def test_without_the_demo_district_no_account_is_created():
    assert accounts.ensure_demo_accounts() == []
    assert not get_user_model().objects.exists()


def test_rows_added_after_the_load_get_fresh_ids():
    # The bulk load gives ids itself; the tables' sequences must have moved past them (PostgreSQL).
    generate.load_demo(seed=9, scale=0.01)
    village = OrgUnit.objects.get(name="马刚村")
    household = factories.household(village)
    person = factories.person(household)
    assert household.pk > Household.objects.exclude(pk=household.pk).order_by("-pk").first().pk
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
