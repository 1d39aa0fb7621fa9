"""The demo district: 沈阳市沈北新区 (210113) with the seed article's names and counts, all synthetic.

Deterministic for a seed: every draw comes from `random.Random` instances seeded from it (the org tree
from one, the people from another, so that `scale` changes the people and never the tree; the map
and the parcels from their own, see demo.homestead).
The district has a history: its cases, disputes, visits, activities, claims, redemptions, applications,
exits, projects, violations and fee bills are dated from 1 January 2021 up to the moment of loading, a
little more each year, the seed article's figures of 2023 holding for 2023 (demo.history).
Written with bulk inserts in one transaction and recorded as one system audit event.
"""

import random
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from zhenxing.core import audit
from zhenxing.demo import (
    cadres,
    governance_cases,
    governance_mediation,
    governance_teams,
    governance_visits,
    homestead,
    homestead_applications,
    homestead_revitalise,
    homestead_use,
    mechanisms_duties,
    mechanisms_tasks,
    names,
    points_claims,
    points_rules,
    points_shop,
)
from zhenxing.demo import counts as audit_counts  # noqa: F401  (names the counts of its audit event)
from zhenxing.demo.population import IdIssuer, PersonMaker, VillagePlan, build_households, insert_rows
from zhenxing.orgs import codes
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg
from zhenxing.people.models import CadrePost, Household, PartyMember, Person

HOUSEHOLDS = 50_000
PARTY_MEMBERS = 3_000
MIN_HOUSEHOLDS = 3  # even at a tiny scale a village can staff its posts
TWO_COMMITTEE = 712
BATCH = 2000

Progress = Callable[[int, int, str], None]


class DemoExists(RuntimeError):
    pass


def is_empty() -> bool:
    return not OrgUnit.objects.exists()


def load_demo(*, seed: int = 2023, scale: float = 1.0, progress: Progress | None = None) -> dict:
    """Build the district; returns the counts (also written to the audit event)."""
    report = progress or (lambda done, total, label: None)
    with transaction.atomic(), _large_sqlite_cache():
        tree_rng = random.Random(f"zhenxing-demo:{seed}:tree")
        county, streets, plans = _tree(tree_rng)
        report(1, 4, "组织")
        industry, street_committees = _party_orgs(tree_rng, county, streets, plans)
        report(2, 4, "组织")
        departments = _departments(tree_rng, county)
        report(3, 4, "组织")
        _village_kinds(plans)
        report(4, 4, "组织")
        households = max(len(plans) * MIN_HOUSEHOLDS, round(HOUSEHOLDS * scale))
        people_rng = random.Random(f"zhenxing-demo:{seed}:people")
        counts = _people(people_rng, county, streets, street_committees, plans, households, scale, report)
        counts.update({
            "seed": seed, "scale": scale,
            "streets": len(streets), "villages": len(plans),
            "development_villages": sum(p.unit.development_village for p in plans),
            "groups": sum(len(p.groups) for p in plans), "grids": sum(len(p.grids) for p in plans),
            "party_orgs": PartyOrg.objects.filter(path__startswith=county.path).count(),
            "industry_committees": len(industry), "departments": len(departments),
            "staff_sunk": sum(d.staff_sunk for d in departments),
        })
        counts.update(homestead.load(seed=seed, county=county, streets=streets,
                                     villages=[p.unit for p in plans], weights=[p.weight for p in plans],
                                     report=report))
        counts.update(homestead_applications.load(seed=seed, county=county, scale=scale))
        # The policies first (with 闲置盘活): each year's fee bills are at the rates in force that year.
        counts.update(homestead_revitalise.load(seed=seed, county=county, streets=streets,
                                                villages=[p.unit for p in plans]))
        counts.update(homestead_use.load(seed=seed, county=county))  # 流转, 有偿使用, 自愿有偿退出
        counts.update(governance_cases.load(seed=seed, county=county, scale=scale))  # 吹哨报到
        counts.update(governance_visits.load(seed=seed, county=county))
        counts.update(governance_teams.load(seed=seed, county=county))
        counts.update(governance_mediation.load(seed=seed, county=county, scale=scale))  # 评理说事
        counts.update(points_rules.load(county=county))  # 积分细则: the two default schemes
        counts.update(points_claims.load(seed=seed, county=county, scale=scale))  # 积分申报
        counts.update(points_shop.load(seed=seed, county=county))  # 积分超市
        counts.update(mechanisms_tasks.load(seed=seed, county=county))  # 任务清单
        counts.update(mechanisms_duties.load(seed=seed, county=county))  # 包保
        audit.record(actor=None, actor_name="system", action="demo.load", obj=county, changes=counts, ip="")
        _analyze()
    return counts


def _analyze():
    """PostgreSQL plans from table statistics that autovacuum gathers only some time after a bulk load (and
    never from rows not yet committed): until then it guesses one row per table and a figure over the
    points ledger took seconds instead of milliseconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@contextmanager
def _large_sqlite_cache():
    """SQLite's default 2 MB page cache thrashes on the people table's indexes; a third of the load time."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: a ceiling, allocated as pages are used
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _unit(code: str, name: str, parent: OrgUnit | None, **extra) -> OrgUnit:
    return OrgUnit(code=code, name=name, level=codes.level_of(code), parent=parent, path=codes.path_for(code),
                   synthetic=True, **extra)


def _existing_or_new(code: str, name: str, parent: OrgUnit | None) -> OrgUnit:
    # The province and city may already be there (imported); the county must not have children yet.
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        unit = _unit(code, name, parent)
        unit.save()
    return unit


def _tree(rng: random.Random) -> tuple[OrgUnit, list[OrgUnit], list[VillagePlan]]:
    province = _existing_or_new(*names.PROVINCE, None)
    city = _existing_or_new(*names.CITY, province)
    county = _existing_or_new(*names.COUNTY, city)
    if OrgUnit.objects.filter(parent=county).exists():
        raise DemoExists(f"{county.name}（{county.code}）下已有街道，演示数据未加载。")
    streets = [_unit(f"{names.REGION}{i + 1:03d}000", name, county)
               for i, (name, _, _) in enumerate(names.STREETS)]
    OrgUnit.objects.bulk_create(streets)

    listed = {v for _, seeded, _ in names.STREETS for v in seeded}
    synthetic = iter(names.village_names(rng, names.VILLAGE_COUNT - len(listed), listed))
    villages: list[tuple[OrgUnit, OrgUnit]] = []
    for street, (_, seeded, count) in zip(streets, names.STREETS, strict=True):
        for j in range(count):
            name = seeded[j] if j < len(seeded) else next(synthetic)
            villages.append((street, _unit(f"{street.code[:9]}{201 + j:03d}", name, street)))
    others = [v for _, v in villages if v.name not in names.SEED_VILLAGES]
    chosen = {id(v) for v in rng.sample(others, names.DEVELOPMENT_VILLAGES - len(names.SEED_VILLAGES))}
    for _, v in villages:
        v.development_village = v.name in names.SEED_VILLAGES or id(v) in chosen
    OrgUnit.objects.bulk_create([v for _, v in villages])

    plans, below = [], []
    for street, v in villages:
        groups = [_unit(f"{v.code}Z{k + 1:03d}", f"{v.name}第{names.NUMERALS[k]}村民小组", v)
                  for k in range(rng.randint(4, 8))]
        grids = [_unit(f"{v.code}G{k + 1:03d}", f"{v.name}第{names.NUMERALS[k]}网格", v)
                 for k in range(rng.randint(3, 6))]
        below += groups + grids
        # Development villages tend to be the larger ones.
        weight = rng.uniform(0.5, 1.8) * (1.2 if v.development_village else 1.0)
        plans.append(VillagePlan(unit=v, street=street, groups=groups, grids=grids, weight=weight))
    OrgUnit.objects.bulk_create(below, batch_size=BATCH)
    for i in rng.sample(range(len(plans)), TWO_COMMITTEE - 5 * len(plans)):
        plans[i].two_committee = 6
    return county, streets, plans


def _party_orgs(rng, county, streets, plans) -> tuple[list[PartyOrg], dict]:
    """区委, the street working committees, the village organisations and the industry joint committees.

    Returns (industry committees, {street pk: street committee}).
    """
    district, _ = PartyOrg.objects.get_or_create(
        kind="district_committee", org_unit=county,
        defaults={"name": "中共沈阳市沈北新区委员会", "path": county.path, "synthetic": True},
    )
    street_orgs = [PartyOrg(name=f"{s.name}党工委", kind="street_committee", org_unit=s, parent=district,
                            path=s.path, synthetic=True) for s in streets]
    PartyOrg.objects.bulk_create(street_orgs)
    by_street = {s.pk: o for s, o in zip(streets, street_orgs, strict=True)}
    for p in plans:
        # The kind is settled once the village's size is known (_village_kinds); a branch until then.
        p.party_org = PartyOrg(name=f"{p.unit.name}党支部", kind="village_branch", org_unit=p.unit,
                               parent=by_street[p.street.pk], path=p.unit.path, synthetic=True)

    by_name = {p.unit.name: p.unit for p in plans}
    used = {v for seeded in names.INDUSTRY_SEED_VILLAGES.values() for v in seeded}
    pool = [p.unit for p in plans if p.unit.development_village and p.unit.name not in used]
    rng.shuffle(pool)
    industry, enterprises, links = [], [], []
    for (industry_name, companies), count in zip(names.INDUSTRY_COMMITTEES, names.INDUSTRY_VILLAGE_COUNTS,
                                                 strict=True):
        committee = PartyOrg(name=f"沈北新区{industry_name}联合党委", kind="industry_committee",
                             org_unit=county, parent=district, path=county.path, synthetic=True)
        members = [by_name[n] for n in names.INDUSTRY_SEED_VILLAGES[industry_name]]
        while len(members) < count:
            members.append(pool.pop())
        industry.append(committee)
        links.append(members)
        enterprises += [PartyOrg(name=f"{c}党支部", kind="enterprise_branch", org_unit=county,
                                 parent=committee, path=county.path, synthetic=True) for c in companies]
    PartyOrg.objects.bulk_create(industry)
    PartyOrg.objects.bulk_create(enterprises)
    through = PartyOrg.member_villages.through
    through.objects.bulk_create([through(partyorg_id=c.pk, orgunit_id=v.pk)
                                 for c, villages in zip(industry, links, strict=True) for v in villages])
    return industry, by_street


def _village_kinds(plans: list[VillagePlan]) -> None:
    """Larger organisations get a general branch or a committee (decided at full scale, so fixed per seed)."""
    per_weight = PARTY_MEMBERS * 0.94 / sum(p.weight for p in plans)
    for plan in plans:
        org, size = plan.party_org, per_weight * plan.weight
        if size >= 30:
            org.kind, org.name = "village_committee", f"{plan.unit.name}党委"
        elif size >= 22:
            org.kind, org.name = "village_general_branch", f"{plan.unit.name}党总支"
    PartyOrg.objects.bulk_create([p.party_org for p in plans])


def _departments(rng: random.Random, county: OrgUnit) -> list[Department]:
    staff = [rng.randint(50, 90) for _ in names.DEPARTMENTS]
    while sum(staff) < 1200:
        staff[rng.randrange(len(staff))] += 5
    departments = [Department(name=n, org_unit=county, path=county.path, staff_sunk=s)
                   for n, s in zip(names.DEPARTMENTS, staff, strict=True)]
    return Department.objects.bulk_create(departments)


def _allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split `total` by weight, at least `minimum` each, summing exactly to `total`."""
    spare = total - minimum * len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    counts = [minimum + int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _people(rng, county, streets, street_committees, plans, households: int, scale: float, report) -> dict:
    maker = PersonMaker(rng, IdIssuer(rng), _next_id(Person), _next_id(Household))
    people, posts, members = cadres.street_cadres(maker, [(s, street_committees[s.pk]) for s in streets])
    village_quota = max(0.0, PARTY_MEMBERS * scale - len(people) - names.DEVELOPMENT_VILLAGES)
    for plan, n in zip(plans, _allocate(households, [p.weight for p in plans], MIN_HOUSEHOLDS), strict=True):
        plan.households = n
        plan.party_quota = village_quota * n / households
    homes = []
    for plan in plans:
        village_homes, residents = build_households(maker, plan)
        village_posts, village_members = cadres.village_cadres(rng, plan, residents)
        if plan.unit.development_village:
            person, cadre, member = cadres.first_secretary(maker, plan)
            residents.append(person)
            village_posts.append(cadre)
            village_members.append(member)
        homes += village_homes
        people += residents
        posts += village_posts
        members += village_members
        report(len(homes), households, "户")

    now = timezone.now()
    for home in homes:
        home.created_at = now
    # Households first: their head_id points at people inserted next, checked at commit (deferred FKs).
    insert_rows(Household, homes)
    for start in range(0, len(people), BATCH * 10):
        insert_rows(Person, people[start:start + BATCH * 10])
        report(min(start + BATCH * 10, len(people)), len(people), "人")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Household, Person]):
            cursor.execute(sql)
    PartyMember.objects.bulk_create(members, batch_size=BATCH)
    report(len(members), len(members), "党员")
    CadrePost.objects.bulk_create(posts, batch_size=BATCH)
    report(len(posts), len(posts), "干部")
    return {
        "households": len(homes), "persons": len(people), "party_members": len(members),
        "cadre_posts": dict(sorted(Counter(p.post for p in posts).items())),
    }
