"""The demo's 闲置盘活 and 执法监管 records, drawn over the parcels demo.homestead laid out.

The seed's figures come from these rows: 16 民宿/文旅 projects (稻梦小镇, 红色研学, 丁丁营地, 休闲生态产业园
and twelve more) hold all the revitalised parcels and invest 98,000,000 yuan together (近亿元). Each is a
片区 project of one street, so every revitalised parcel goes to a project of its own street; the projects
started between 2021 and the last months (demo.history), the cumulative figure kept. Idle parcels carry a
survey; inspections and violations (mostly 未批先建) sit in every state, some past their deadline.
Deterministic for a seed (on a given day: dates count back from today).
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zhenxing.demo import history, homestead_enforcement, policies, tables
from zhenxing.demo.population import insert_rows
from zhenxing.homestead.parcels.models import House, Parcel
from zhenxing.homestead.revitalise.models import IdleSurvey, ProjectParcel, RevitalisationProject
from zhenxing.orgs.models import OrgUnit

INVESTMENT = Decimal(98_000_000)
PROJECTS = 16
FULL_PARCELS = 35_245
# (village, project name, kind, operator, operator kind): the seed's named projects.
NAMED = [
    ("大孤柳村", "大孤柳村“稻梦小镇”民宿", "homestay", "沈阳稻梦小镇文化旅游有限公司", "company"),
    ("财落一村", "财落一村红色研学文旅基地", "tourism", "财落一村股份经济合作社", "collective"),
    ("大丁村", "大丁村“丁丁营地”", "tourism", "沈阳丁丁营地旅游开发有限公司", "company"),
    ("前屯村", "前屯村“休闲生态产业园”", "tourism", "前屯村休闲农业专业合作社", "coop"),
]
OTHER_NAMES = [
    ("乡村民宿", "homestay"),
    ("文旅驿站", "tourism"),
    ("田园民宿集群", "homestay"),
    ("农耕研学营地", "tourism"),
    ("稻香民宿", "homestay"),
    ("乡愁文化院落", "tourism"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "立新", "海涛", "淑华", "玉兰", "志强", "国庆", "春生", "秀梅", "德明", "长林", "凤英"]


def _person(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _amounts(rng, n: int, total: Decimal, boost: int) -> list[Decimal]:
    """`n` amounts in whole 10,000 yuan summing to `total`; the first `boost` (the named projects) larger."""
    weights = [rng.uniform(0.5, 1.6) * (2.2 if i < boost else 1) for i in range(n)]
    units = int(total / 10_000)
    shares = [int(units * w / sum(weights)) for w in weights]
    shares[0] += units - sum(shares)
    return [Decimal(s * 10_000) for s in shares]


def _projects(rng, streets, villages, revitalised, today) -> tuple[list, dict]:
    by_street = defaultdict(list)
    for p in revitalised:
        by_street[p.village.parent_id].append(p)
    by_name = {v.name: v for v in villages}
    hosts = [
        (by_name[name], label, kind, operator, okind)
        for name, label, kind, operator, okind in NAMED
        if name in by_name
    ]
    taken = {v.pk for v, *_ in hosts}

    def busiest_free_village(street_id):
        counts = defaultdict(int)
        for p in by_street[street_id]:
            counts[p.village_id] += 1
        free = [
            v for v in villages if v.parent_id == street_id and v.pk not in taken and v.name.endswith("村")
        ]
        free.sort(key=lambda v: (-counts[v.pk], v.code))
        return free[0] if free else None

    order = [s for s in streets if all(v.parent_id != s.pk for v, *_ in hosts)]
    order += sorted(streets, key=lambda s: (-len(by_street[s.pk]), s.code))
    for street in order:
        if len(hosts) >= PROJECTS:
            break
        village = busiest_free_village(street.pk)
        if village is None:
            continue
        suffix, kind = OTHER_NAMES[len(hosts) % len(OTHER_NAMES)]
        okind = rng.choice(["company", "company", "collective", "coop", "person"])
        operator = {
            "company": f"沈阳{village.name[:-1]}文化旅游有限公司",
            "collective": f"{village.name}股份经济合作社",
            "coop": f"{village.name}乡村旅游专业合作社",
            "person": f"{_person(rng)}（个体经营）",
        }[okind]
        hosts.append((village, f"{village.name}“{suffix}”", kind, operator, okind))
        taken.add(village.pk)
    amounts = _amounts(rng, len(hosts), INVESTMENT, len(NAMED))
    starts = history.days(rng, len(hosts), today - timedelta(days=90))
    projects = []
    for (village, label, kind, operator, okind), amount, start in zip(hosts, amounts, starts, strict=True):
        social = (amount * Decimal(rng.uniform(0.8, 0.95)) / 10_000).quantize(Decimal(1)) * 10_000
        recent = (today - start).days < 420
        projects.append(
            RevitalisationProject(
                name=label,
                kind=kind,
                village=village,
                path=village.path,
                operator_name=operator,
                operator_kind=okind,
                investment_yuan=amount,
                social_investment_yuan=social,
                started_on=start,
                status="preparing" if recent and rng.random() < 0.5 else "operating",
                description=f"利用{village.name}及周边闲置农房，发展{dict(RevitalisationProject.KINDS)[kind]}，"
                "带动村集体增收和农民就业。",
            )
        )
    per_year = defaultdict(int)
    for p in projects:
        per_year[p.started_on.year] += 1
        p.code = f"PH-{p.started_on.year}-{per_year[p.started_on.year]:04d}"
    RevitalisationProject.objects.bulk_create(projects)
    tables.update(RevitalisationProject, "created_at",
                  {p.pk: history.local(p.started_on, 10) for p in projects})
    street_projects = defaultdict(list)
    for p in projects:
        street_projects[p.village.parent_id].append(p)
    links = []
    for street_id, parcels in by_street.items():
        options = street_projects.get(street_id) or projects  # a street without a host village: any project
        for k, parcel in enumerate(parcels):
            project = options[k % len(options)]
            linked = project.started_on + timedelta(days=rng.randint(0, 120))
            links.append(ProjectParcel(project=project, parcel_id=parcel.pk, linked_on=min(linked, today)))
    ProjectParcel.objects.bulk_create(links, batch_size=1000)
    return projects, links


@dataclass(slots=True)
class ParcelFacts:
    """What the demo needs of a parcel, read as tuples (model instances cost a second at full scale)."""

    pk: int
    path: str
    village_id: int
    build_status: str
    use_status: str
    area_m2: Decimal
    village: OrgUnit


@dataclass(slots=True)
class SurveyRow:
    """An IdleSurvey as inserted by demo.population.insert_rows (attribute names are column attnames)."""

    id: int
    parcel_id: int
    path: str
    surveyed_on: date
    idle_kind: str
    condition: str
    intention: str
    surveyor: str
    note: str = ""
    created_by_id: int | None = None
    created_at: datetime = field(default_factory=timezone.now)


def _surveys(rng, parcels, with_house, first_link, today) -> list[SurveyRow]:
    rows: list[SurveyRow] = []
    next_id = (IdleSurvey.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    for p in parcels:
        linked = first_link.get(p.pk)
        day = (
            (linked - timedelta(days=rng.randint(30, 200)))
            if linked
            else history.days(rng, 1, today - timedelta(days=20))[0]
        )
        condition = (
            rng.choices(["intact", "fair", "dangerous"], [30, 45, 25])[0] if p.pk in with_house else "none"
        )
        intention = (
            rng.choice(["lease", "shares", "cooperate"])
            if linked
            else rng.choices(["lease", "shares", "cooperate", "exit", "undecided"], [25, 10, 10, 15, 40])[0]
        )
        kind = "year_round" if rng.random() < 0.7 else "seasonal"
        rows.append(
            SurveyRow(next_id + len(rows), p.pk, p.path, day, kind, condition, intention, _person(rng))
        )
    insert_rows(IdleSurvey, rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [IdleSurvey]):
            cursor.execute(sql)
    return rows


def load(*, seed: int, county: OrgUnit, streets: list[OrgUnit], villages: list[OrgUnit]) -> dict:
    """The policies (demo.policies), then the projects, surveys, inspections and violations."""
    counts = policies.load(county=county)
    rng = random.Random(f"zhenxing-demo:{seed}:revitalise")
    today = timezone.localdate()
    by_pk = {v.pk: v for v in villages}
    rows = Parcel.objects.filter(path__startswith=county.path).order_by("pk")
    fields = ("pk", "path", "village_id", "build_status", "use_status", "area_m2")
    parcels = [ParcelFacts(*row, by_pk[row[2]]) for row in rows.values_list(*fields)]
    revitalised = [p for p in parcels if p.use_status == "revitalised"]
    projects, links = _projects(rng, streets, villages, revitalised, today)
    with_house = set(
        House.objects.filter(parcel__path__startswith=county.path).values_list("parcel_id", flat=True)
    )
    first_link = {link.parcel_id: link.linked_on for link in links}
    surveyed = [p for p in parcels if p.use_status in ("idle", "revitalised")]
    surveys = _surveys(rng, surveyed, with_house, first_link, today)
    counts.update(homestead_enforcement.load(rng, parcels, len(parcels) / FULL_PARCELS, today))
    return {
        "revitalisation_projects": len(projects),
        "project_parcels": len(links),
        "project_investment_yuan": int(sum(p.investment_yuan for p in projects)),
        "idle_surveys": len(surveys),
        **counts,
    }
