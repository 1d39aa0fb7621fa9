"""Cadre posts and party members of the demo district, chosen among the generated people."""

import random
from datetime import date, timedelta

from zhenxing.demo import names
from zhenxing.demo.population import REFERENCE_DATE, PersonMaker, PersonRow, VillagePlan, birth_for_age
from zhenxing.orgs.models import OrgUnit, PartyOrg
from zhenxing.people.models import CadrePost, PartyMember


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def post(rng: random.Random, person: PersonRow, kind: str, unit: OrgUnit, *, title: str = "", since: date,
         **extra) -> CadrePost:
    return CadrePost(person_id=person.id, post=kind, title=title, org_unit=unit, path=unit.path,
                     started_on=_day_between(rng, since, REFERENCE_DATE - timedelta(days=60)), **extra)


def membership(rng: random.Random, person: PersonRow, branch: PartyOrg, classification: str,
               probationary: bool = False) -> PartyMember:
    """Make `person` a member of `branch`; the political status follows (预备党员 joined within a year)."""
    eighteen = person.birth_date + timedelta(days=18 * 366)
    settled = REFERENCE_DATE - timedelta(days=400)
    if probationary or eighteen > settled:
        probationary = True
        joined = _day_between(rng, max(eighteen, REFERENCE_DATE - timedelta(days=330)), REFERENCE_DATE)
    else:
        joined = _day_between(rng, eighteen, settled)
    person.political_status = "probationary" if probationary else "cpc"
    return PartyMember(person_id=person.id, branch=branch, classification=classification, joined_on=joined,
                       probationary=probationary, path=person.path)


class Picker:
    """Draws distinct people for posts; falls back to someone already holding a post in a tiny village."""

    def __init__(self, rng: random.Random, people: list[PersonRow]):
        self.rng = rng
        self.adults = [p for p in people if p.age >= 18]
        self.taken: set[int] = set()

    def pick(self, lo: int, hi: int, among: list[PersonRow] | None = None) -> PersonRow:
        pools = [among or [], self.adults]
        for pool in pools:
            free = [p for p in pool if id(p) not in self.taken and lo <= p.age <= hi]
            if free:
                break
        else:
            free = [p for p in self.adults if id(p) not in self.taken] or self.adults
        person = self.rng.choice(free)
        self.taken.add(id(person))
        return person


def village_cadres(rng: random.Random, plan: VillagePlan, people: list[PersonRow]):
    """Secretary, two-committee members and grid workers of a village, and its party members.

    Returns (posts, memberships); the people's political status is set here, before they are saved.
    """
    picker = Picker(rng, people)
    village = plan.unit
    posts, members = [], {}
    secretary = picker.pick(35, 62)
    if secretary.education in ("none", "primary"):
        secretary.education = "senior"
    posts.append(post(rng, secretary, "village_secretary", village, title="村党组织书记、村委会主任",
                      since=date(2018, 1, 1)))
    members[id(secretary)] = membership(rng, secretary, plan.party_org, "cadre")
    for title in names.TWO_COMMITTEE_TITLES[: plan.two_committee]:
        person = picker.pick(25, 65)
        posts.append(post(rng, person, "two_committee", village, title=title, since=date(2021, 1, 1)))
        if "党组织" in title or rng.random() < 0.5:
            members[id(person)] = membership(rng, person, plan.party_org, "cadre")
    for grid in plan.grids:
        residents = [p for p in people if p.org_unit_id == grid.pk]
        person = picker.pick(22, 60, among=residents)
        posts.append(post(rng, person, "grid_worker", grid, title="专职网格员", since=date(2019, 1, 1)))
        if id(person) not in members and rng.random() < 0.4:
            members[id(person)] = membership(rng, person, plan.party_org, _classification(rng, person))
    quota = int(plan.party_quota) + (rng.random() < plan.party_quota % 1)
    for person in _weighted_sample(rng, [p for p in picker.adults if id(p) not in members],
                                   quota - len(members)):
        probationary = person.age < 45 and rng.random() < 0.03
        kind = _classification(rng, person)
        members[id(person)] = membership(rng, person, plan.party_org, kind, probationary)
    return posts, list(members.values())


def _classification(rng: random.Random, person: PersonRow) -> str:
    if person.age >= 75 and rng.random() < 0.85:
        return "elderly_infirm"
    return rng.choices(["in_village", "mobile", "pioneer"], [50, 18, 32])[0]


def _weighted_sample(rng: random.Random, people: list[PersonRow], k: int) -> list[PersonRow]:
    """k people without replacement, men and the middle-aged and old more likely (Efraimidis–Spirakis)."""
    if k <= 0:
        return []

    def weight(p):
        age = p.age
        return (1.6 if p.gender == "M" else 1.0) * (0.6 if age < 30 else 1.0 if age < 60 else 1.4)

    keyed = sorted(((rng.random() ** (1 / weight(p)), i) for i, p in enumerate(people)), reverse=True)
    return [people[i] for _, i in keyed[:k]]


def _official(maker: PersonMaker, unit: OrgUnit, village: OrgUnit | None, lo: int, hi: int) -> PersonRow:
    """A cadre from outside the village registers: no household, registered at the unit they serve."""
    rng = maker.rng
    education = rng.choices(["college", "bachelor", "graduate"], [10, 60, 30])[0]
    gender = "M" if rng.random() < 0.75 else "F"
    birth = birth_for_age(rng, rng.randint(lo, hi))
    return maker.make(gender=gender, birth=birth, org_unit=unit, path=unit.path, village=village,
                      education=education)


def street_cadres(maker: PersonMaker, streets: list[tuple[OrgUnit, PartyOrg]], leaders: int = 78,
                  familiar: int = 58):
    """One secretary per street, who also counts among the street's leadership (街道班子成员).

    Returns (persons, posts, memberships).
    """
    rng = maker.rng
    per_street = [leaders // len(streets) + (i < leaders % len(streets)) for i in range(len(streets))]
    familiar_slots = set(rng.sample(range(leaders), familiar))
    persons, posts, members = [], [], []
    slot = 0
    for (street, committee), count in zip(streets, per_street, strict=True):
        for i in range(count):
            person = _official(maker, street, None, 40 if i == 0 else 32, 56)
            knows = slot in familiar_slots
            slot += 1
            since = date(2019, 1, 1)
            if i == 0:
                title = "党工委书记"
                posts.append(post(rng, person, "street_secretary", street, title=title, since=since,
                                  familiar_with_agriculture=knows))
            else:
                title = names.STREET_LEADER_TITLES[(i - 1) % len(names.STREET_LEADER_TITLES)]
            posts.append(post(rng, person, "street_leader", street, title=title, since=since,
                              familiar_with_agriculture=knows))
            persons.append(person)
            members.append(membership(rng, person, committee, "cadre"))
    return persons, posts, members


def first_secretary(maker: PersonMaker, plan: VillagePlan):
    """The 驻村第一书记 of a development village, sent by a unit; returns (person, post, membership)."""
    rng = maker.rng
    person = _official(maker, plan.unit, plan.unit, 26, 50)
    cadre = post(rng, person, "first_secretary", plan.unit, title="驻村第一书记", since=date(2021, 6, 1),
                 sending_unit=rng.choice(names.SENDING_UNITS), familiar_with_agriculture=rng.random() < 0.5)
    return person, cadre, membership(rng, person, plan.party_org, "cadre")
