"""The demo district: the seed article's names and counts, consistent people, determinism."""

from collections import Counter

import pytest
from django.db import transaction

from zhenxing.core import personal
from zhenxing.core.audit import verify_chain
from zhenxing.core.idcard import parse_id_number
from zhenxing.core.models import AuditEvent
from zhenxing.demo import generate, names
from zhenxing.demo.population import REFERENCE_DATE
from zhenxing.orgs import codes
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg
from zhenxing.people.choices import PARTY_CLASSES
from zhenxing.people.models import CadrePost, Household, PartyMember, Person

SCALE = 0.02  # 1,000 households: the whole org tree and every cadre, a fiftieth of the villagers
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One district for the module's read-only checks, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=7, scale=SCALE)
        transaction.set_rollback(True)


def test_org_tree_has_the_seed_counts_names_and_valid_codes(demo):
    streets = OrgUnit.objects.filter(level="town")
    villages = OrgUnit.objects.filter(level="village")
    assert streets.count() == 10
    assert {"马刚街道", "兴隆台街道", "财落街道"} <= set(streets.values_list("name", flat=True))
    assert villages.count() == 142
    assert villages.filter(development_village=True).count() == 83
    assert len(set(villages.values_list("name", flat=True))) == 142
    seeded = villages.filter(name__in=names.SEED_VILLAGES)
    assert sorted(seeded.values_list("name", flat=True)) == sorted(names.SEED_VILLAGES)
    assert all(seeded.values_list("development_village", flat=True))
    street_of = dict(seeded.values_list("name", "parent__name"))
    assert {street_of[v] for v in ("财落一村", "进步村", "大古城子村")} == {"财落街道"}
    assert {street_of[v] for v in ("大丁村", "马刚村")} == {"马刚街道"}
    for unit in OrgUnit.objects.select_related("parent"):
        unit.clean()  # code structure, level and parent agree
        assert unit.path == codes.path_for(unit.code)
        assert unit.synthetic
    for code in streets.values_list("code", flat=True):
        assert codes.town_kind(code) == "街道"
    below = OrgUnit.objects.filter(level__in=["group", "grid"])
    per_village = Counter(below.values_list("parent__code", "level"))
    for v in villages.values_list("code", flat=True):
        assert 4 <= per_village[(v, "group")] <= 8
        assert 3 <= per_village[(v, "grid")] <= 6
    assert OrgUnit.objects.get(code="210113001201Z001").name == "马刚村第一村民小组"
    assert OrgUnit.objects.get(code="210113001201G001").name == "马刚村第一网格"


def test_party_organisations_and_departments(demo):
    kinds = Counter(PartyOrg.objects.values_list("kind", flat=True))
    assert kinds["district_committee"] == 1
    assert kinds["street_committee"] == 10
    assert kinds["village_committee"] + kinds["village_general_branch"] + kinds["village_branch"] == 142
    assert kinds["industry_committee"] == 6
    assert kinds["enterprise_branch"] == 9
    assert PartyOrg.objects.filter(kind="enterprise_branch", parent__kind="industry_committee").count() == 9
    joined = OrgUnit.objects.filter(joint_committees__kind="industry_committee")
    assert joined.count() == joined.distinct().count() == 20
    assert all(PartyOrg.objects.values_list("synthetic", flat=True))
    for org in PartyOrg.objects.select_related("org_unit"):
        assert org.path == org.org_unit.path
    assert Department.objects.count() == 18
    assert sum(Department.objects.values_list("staff_sunk", flat=True)) >= 1200
    assert Department.objects.filter(name="农业农村局", org_unit__code="210113000000").exists()


def test_cadre_posts_match_the_article(demo):
    posts = Counter(CadrePost.objects.values_list("post", flat=True))
    grids = OrgUnit.objects.filter(level="grid").count()
    assert posts == {"street_secretary": 10, "street_leader": 78, "village_secretary": 142,
                     "two_committee": 712, "first_secretary": 83, "grid_worker": grids}
    leaders = CadrePost.objects.filter(post="street_leader")
    assert leaders.filter(familiar_with_agriculture=True).count() / 78 > 0.7
    secretaries = CadrePost.objects.filter(post="street_secretary")
    assert set(secretaries.values_list("org_unit__level", flat=True)) == {"town"}
    assert secretaries.values("org_unit").distinct().count() == 10
    assert CadrePost.objects.filter(post="village_secretary").values("org_unit").distinct().count() == 142
    dev = CadrePost.objects.filter(post="first_secretary", org_unit__development_village=True)
    assert dev.values("org_unit").distinct().count() == 83
    assert not CadrePost.objects.filter(post="first_secretary").filter(sending_unit="").exists()
    per_village = Counter(CadrePost.objects.filter(post="two_committee").values_list("org_unit", flat=True))
    assert set(per_village.values()) <= {5, 6}


def test_cadres_are_the_right_people(demo):
    for cadre in CadrePost.objects.select_related("person", "org_unit"):
        person = cadre.person
        if cadre.post in ("street_secretary", "street_leader"):
            assert person.household_id is None and person.org_unit_id == cadre.org_unit_id
        elif cadre.post == "first_secretary":
            assert person.household_id is None
            assert person.org_unit_id == person.village_id == cadre.org_unit_id
            assert person.path == cadre.org_unit.path
        elif cadre.post == "grid_worker":
            assert person.household_id is not None and person.village_id == cadre.org_unit.parent_id
        else:
            assert person.household_id is not None and person.village_id == cadre.org_unit_id
    secretaries = CadrePost.objects.filter(post="village_secretary")
    secretaries = secretaries.select_related("person__party_member__branch")
    for cadre in secretaries:
        assert cadre.person.party_member.branch.org_unit_id == cadre.org_unit_id


def test_households_and_members_are_consistent(demo):
    households = Household.objects.select_related("grid", "group", "head")
    assert households.count() == round(50_000 * SCALE)
    sizes = Counter(Person.objects.filter(household__isnull=False).values_list("household", flat=True))
    for h in households:
        assert h.head.household_id == h.pk and h.head.relation == "head"
        assert h.grid.parent_id == h.village_id == h.group.parent_id
        assert h.path == h.grid.path and h.synthetic
        assert h.number.startswith(h.village.code + "-") and len(h.number) == 18
        assert 1 <= sizes[h.pk] <= 6
    assert 2.5 <= sum(sizes.values()) / len(sizes) <= 3.2
    members = Person.objects.filter(household__isnull=False).select_related("household")
    for p in members:
        assert p.org_unit_id == p.household.grid_id and p.village_id == p.household.village_id
        assert p.path == p.household.path
    relations = Counter(members.values_list("relation", flat=True))
    assert relations["head"] == households.count()
    assert relations["spouse"] > 0 and relations["child"] > 0
    assert not Person.objects.filter(synthetic=False).exists()


def test_spouses_have_the_opposite_gender_and_a_similar_age(demo):
    heads = {p.household_id: p for p in Person.objects.filter(relation="head")}
    for spouse in Person.objects.filter(relation="spouse"):
        head = heads[spouse.household_id]
        assert spouse.gender != head.gender
        assert abs((spouse.birth_date - head.birth_date).days) < 8 * 366
    for child in Person.objects.filter(relation="child"):
        assert (child.birth_date - heads[child.household_id].birth_date).days > 18 * 365


def test_every_id_number_is_valid_unique_and_matches_gender_and_birth(demo):
    seen = set()
    for p in Person.objects.all():
        value = personal.decrypt(p.id_number_enc)
        parsed = parse_id_number(value)
        assert parsed.region == names.REGION
        assert parsed.gender == p.gender and parsed.birth_date == p.birth_date
        assert p.id_number_hash == personal.lookup_hash(value) and p.id_number_masked == personal.mask(value)
        seen.add(value)
    assert len(seen) == Person.objects.count()


def test_adults_have_phones_and_children_do_not(demo):
    for p in Person.objects.all():
        adult = (REFERENCE_DATE - p.birth_date).days >= 18 * 366
        if adult:
            assert len(personal.decrypt(p.phone_enc)) == 11
        elif (REFERENCE_DATE - p.birth_date).days < 17 * 365:
            assert p.phone_enc == ""


def test_party_members_have_a_party_status_and_others_do_not(demo):
    members = PartyMember.objects.select_related("person", "branch")
    assert members.exists()
    for m in members:
        assert m.person.political_status == ("probationary" if m.probationary else "cpc")
        assert m.path == m.person.path and m.path.startswith(m.branch.path)
        assert m.joined_on > m.person.birth_date
    party = Person.objects.filter(political_status__in=["cpc", "probationary"])
    assert party.count() == members.count()
    assert set(members.values_list("classification", flat=True)) <= {k for k, _ in PARTY_CLASSES}


def test_one_system_audit_event_records_the_load(demo):
    events = AuditEvent.objects.filter(action="demo.load")
    assert events.count() == 1 == AuditEvent.objects.count()
    event = events.get()
    assert event.actor_id is None and event.actor_name == "system"
    assert event.changes["villages"] == 142 and event.changes["households"] == Household.objects.count()
    assert event.changes["persons"] == Person.objects.count()
    assert verify_chain().ok
