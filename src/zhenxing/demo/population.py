"""Synthetic villagers: households, their members, identity numbers and phones."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection

from zhenxing.core.idcard import make_id_number
from zhenxing.demo import names, tables
from zhenxing.orgs.models import OrgUnit, PartyOrg
from zhenxing.people.models import Person

# Ages are counted at the article's date, so a seed yields the same people whatever day it runs.
REFERENCE_DATE = date(2023, 8, 17)
HOUSEHOLD_SIZES = ([1, 2, 3, 4, 5, 6], [15, 30, 27, 15, 9, 4])  # mean 2.85
_PHONE_PREFIXES = ["139", "138", "137", "135", "136", "150", "151", "152", "158", "159", "187", "188", "130",
                   "131", "132", "155", "156", "186", "133", "153", "189", "180", "181", "199"]
_EDUCATION_BY_ERA = [  # (born before, choices, weights)
    (1950, ["none", "primary", "junior", "senior"], [25, 50, 20, 5]),
    (1965, ["none", "primary", "junior", "senior", "college"], [5, 35, 45, 13, 2]),
    (1980, ["primary", "junior", "senior", "college", "bachelor"], [15, 55, 20, 7, 3]),
    (1995, ["primary", "junior", "senior", "college", "bachelor", "graduate"], [3, 40, 27, 17, 12, 1]),
    (9999, ["junior", "senior", "college", "bachelor", "graduate"], [25, 30, 25, 18, 2]),
]


def age_on_reference(birth: date) -> int:
    r = REFERENCE_DATE
    return r.year - birth.year - ((r.month, r.day) < (birth.month, birth.day))


def birth_for_age(rng: random.Random, age: int) -> date:
    return REFERENCE_DATE - timedelta(days=age * 365 + age // 4 + rng.randrange(365))


class IdIssuer:
    """Hands out valid, never-repeated ID numbers: at most 499 per birth date and gender, as in GB 11643."""

    PER_DAY = 499

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[tuple[date, str], set[int]] = {}

    def issue(self, birth: date, gender: str) -> tuple[str, date]:
        """The number and the birth date it encodes (moved a day on if that date is full)."""
        while True:
            used = self.used.setdefault((birth, gender), set())
            if len(used) < self.PER_DAY:
                seq = self.rng.randrange(1, self.PER_DAY + 1)  # 0 would make a woman's sequence "000"
                while seq in used:
                    seq = seq % self.PER_DAY + 1
                used.add(seq)
                return make_id_number(names.REGION, birth, seq, gender), birth
            birth += timedelta(days=1)


def education_for(rng: random.Random, birth: date) -> str:
    age = age_on_reference(birth)
    if age < 6:
        return ""
    if age < 18:
        return "primary" if age < 12 else "junior" if age < 15 else "senior"
    for before, options, weights in _EDUCATION_BY_ERA:
        if birth.year < before:
            return rng.choices(options, weights)[0]
    return "junior"


def political_for(rng: random.Random, age: int) -> str:
    """Party membership is decided later per village; here only the League and the others."""
    if 14 <= age <= 28 and rng.random() < 0.35:
        return "cyl"
    if age >= 18 and rng.random() < 0.002:
        return "democratic"
    return "masses"


@dataclass(slots=True, eq=False)
class PersonRow:
    """A person as inserted by the bulk load; attribute names are Person's column attnames."""

    id: int
    name: str
    gender: str
    birth_date: date
    ethnicity: str
    education: str
    political_status: str
    household_id: int | None
    relation: str
    org_unit_id: int
    village_id: int | None
    path: str
    collective_member: bool
    id_number_enc: str = ""
    id_number_hash: str = ""
    id_number_masked: str = ""
    phone_enc: str = ""
    phone_masked: str = ""
    user_id: None = None
    synthetic: bool = True

    # The model's own methods, so that encryption, lookup hash and masking stay defined in one place.
    set_id_number = Person.set_id_number
    set_phone = Person.set_phone
    personal_fields = Person.personal_fields  # the same declaration, registered for this class too

    @property
    def age(self) -> int:
        return age_on_reference(self.birth_date)


@dataclass(slots=True, eq=False)
class HouseholdRow:
    id: int
    number: str
    village_id: int
    group_id: int
    grid_id: int
    path: str
    address: str
    collective_member: bool
    head_id: int | None = None
    synthetic: bool = True
    created_at: datetime | None = None


class PersonMaker:
    """Makes people with ids handed out in order, so that rows can refer to each other before insertion."""

    def __init__(self, rng: random.Random, ids: IdIssuer, first_person_id: int, first_household_id: int):
        self.rng = rng
        self.ids = ids
        self.next_person = first_person_id
        self.next_household = first_household_id

    def ethnicity(self) -> str:
        return self.rng.choices(*names.ETHNICITIES)[0]

    def household_id(self) -> int:
        self.next_household += 1
        return self.next_household - 1

    def make(self, *, gender: str, birth: date, org_unit: OrgUnit, path: str, village: OrgUnit | None,
             surname: str | None = None, ethnicity: str = "", relation: str = "",
             household_id: int | None = None, collective: bool = False,
             education: str | None = None) -> PersonRow:
        rng = self.rng
        id_number, birth = self.ids.issue(birth, gender)
        age = age_on_reference(birth)
        person = PersonRow(
            id=self.next_person, name=names.full_name(rng, gender, birth.year, surname), gender=gender,
            birth_date=birth, ethnicity=ethnicity or self.ethnicity(),
            education=education_for(rng, birth) if education is None else education,
            political_status=political_for(rng, age), household_id=household_id, relation=relation,
            org_unit_id=org_unit.pk, village_id=village.pk if village else None, path=path,
            collective_member=collective,
        )
        self.next_person += 1
        person.set_id_number(id_number)
        if age >= 18:
            person.set_phone(rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}")
        return person


def compose(rng: random.Random, size: int) -> list[tuple[str, str, int]]:
    """(relation, gender, age) for each member of a household of `size`, head first."""
    head_age = int(rng.triangular(24, 88, 56))
    head_gender = "M" if rng.random() < 0.8 else "F"
    members = [("head", head_gender, head_age)]
    if len(members) < size and rng.random() < 0.9:
        # Husbands are usually a little older than their wives.
        gap = rng.randint(-2, 5)
        spouse_age = head_age - gap if head_gender == "M" else head_age + gap
        members.append(("spouse", _other(head_gender), max(20, spouse_age)))
    if len(members) < size and head_age <= 62 and rng.random() < 0.3:
        members.append(("parent", rng.choice("MF"), head_age + rng.randint(22, 32)))
    adult_child = None
    in_law = False
    while len(members) < size:
        if adult_child and not in_law and rng.random() < 0.5:
            in_law_age = max(20, adult_child[2] + rng.randint(-3, 3))
            members.append(("child_in_law", _other(adult_child[1]), in_law_age))
            in_law = True
            continue
        if adult_child and adult_child[2] >= 24 and rng.random() < 0.6:
            age = adult_child[2] - rng.randint(22, 32)
            if age >= 0:
                members.append(("grandchild", rng.choice("MF"), age))
                continue
        age = head_age - rng.randint(20, 40)
        if age < 0:
            age = rng.randint(0, head_age - 20)
        child = ("child", rng.choice("MF"), age)
        members.append(child)
        if adult_child is None and age >= 22:
            adult_child = child
    return members


def _other(gender: str) -> str:
    return "F" if gender == "M" else "M"


@dataclass
class VillagePlan:
    """One village of the tree with what the generator needs to people it."""

    unit: OrgUnit
    street: OrgUnit
    groups: list[OrgUnit]
    grids: list[OrgUnit]
    weight: float = 1.0  # relative size: households and party members are shared out by it
    party_org: PartyOrg | None = None
    households: int = 0
    party_quota: float = 0.0
    two_committee: int = 5


def build_households(maker: PersonMaker, plan: VillagePlan) -> tuple[list[HouseholdRow], list[PersonRow]]:
    """The village's households, in neighbouring blocks per group and grid, and all their members."""
    rng = maker.rng
    village = plan.unit
    households, persons = [], []
    n = plan.households
    for i in range(n):
        group = plan.groups[i * len(plan.groups) // n]
        grid = plan.grids[i * len(plan.grids) // n]
        collective = rng.random() < 0.95
        household = HouseholdRow(
            id=maker.household_id(), number=f"{village.code}-{i + 1:05d}", village_id=village.pk,
            group_id=group.pk, grid_id=grid.pk, path=grid.path,
            address=f"{plan.street.name}{village.name}{group.name}{i + 1}号", collective_member=collective,
        )
        households.append(household)
        family_surname = head_surname = rng.choice(names.SURNAMES)
        ethnicity = maker.ethnicity()
        spec = compose(rng, rng.choices(*HOUSEHOLD_SIZES)[0])
        if spec[0][1] == "F" and len(spec) > 1 and spec[1][0] == "spouse":
            family_surname = None  # the children take the husband's surname, drawn with him below
        for relation, gender, age in spec:
            if relation == "head":
                surname, eth = head_surname, ethnicity
            elif relation == "spouse":
                surname, eth = family_surname, ""
                if family_surname is None:
                    surname = family_surname = rng.choice(names.SURNAMES)
                else:
                    surname = None
            elif relation == "parent":
                surname, eth = (head_surname if gender == "M" else None), ethnicity
            elif relation == "child_in_law":
                surname, eth = None, ""
            else:
                surname, eth = family_surname or head_surname, ethnicity
            person = maker.make(
                gender=gender, birth=birth_for_age(rng, age), org_unit=grid, path=grid.path, village=village,
                surname=surname, ethnicity=eth, relation=relation, household_id=household.id,
                collective=collective and not (relation == "child_in_law" and rng.random() < 0.5),
            )
            if relation == "head":
                household.head_id = person.id
            persons.append(person)
    return households, persons


def insert_rows(model, rows: list) -> None:
    """Insert plain rows whose attributes are the model's attnames, in large batches.

    bulk_create on SQLite is held to 999 parameters a statement (49 people) and builds a model per row;
    executemany of one prepared statement is an order of magnitude faster for the 140,000 demo people.
    The ids are given, so the table's sequence is reset afterwards (PostgreSQL).
    """
    fields = model._meta.concrete_fields
    ops = connection.ops
    adapt = [tables.adapter(f) for f in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(model._meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    attnames = [f.attname for f in fields]
    values = [[a(v) if a and (v := getattr(r, n)) is not None else getattr(r, n)
               for n, a in zip(attnames, adapt, strict=True)] for r in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            cursor.executemany(sql, values[start:start + 5000])
