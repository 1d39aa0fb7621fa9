"""The demo district's party member teams: a 党员服务队 in each of the 142 villages and a 党员突击队 in each
of the 10 streets (the seed's figures), manned by the villages' party members since they were founded on
1 July 2021, with their missions and volunteer activities (置顶行动) since then — a few a year, a little
more each year (demo.history), the current year up to today — and each member's hours."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zhenxing.demo import history
from zhenxing.demo.tables import Table
from zhenxing.governance.teams.models import Activity, ActivityHours, Team, TeamMember
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import PartyMember

MISSIONS = ["防汛抢险", "森林防火巡查", "疫情防控值守", "清雪除冰", "秸秆禁烧巡查"]
FOUNDED = date(2021, 7, 1)
PER_YEAR = {"service": (2, 4), "assault": (2, 4)}  # activities a team holds in 2023
VOLUNTEER = ["清扫村路", "敬老院打扫", "帮助留守老人收秋", "人居环境整治", "义务植树", "政策宣讲进农户"]


def load(*, seed: int, county: OrgUnit) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:teams")
    today = timezone.localdate()
    units = list(OrgUnit.objects.filter(path__startswith=county.path, level__in=("town", "village"))
                 .order_by("code"))
    members_of: dict[str, list[int]] = {}
    for person_id, path in PartyMember.objects.filter(person__path__startswith=county.path).order_by(
            "person_id").values_list("person_id", "person__path"):
        for unit in units:
            if path.startswith(unit.path):
                members_of.setdefault(unit.path, []).append(person_id)
    teams = Team.objects.bulk_create([
        Team(name=f"{u.name}{'党员服务队' if u.level == 'village' else '党员突击队'}",
             kind="service" if u.level == "village" else "assault", org_unit=u, path=u.path,
             founded_on=FOUNDED, synthetic=True,
             description="志愿服务、急难险重任务" if u.level == "village" else "急难险重任务、应急处置")
        for u in units
    ])
    memberships, crews = [], {}
    for team in teams:
        pool = members_of.get(team.path, [])
        crew = rng.sample(pool, min(len(pool), rng.randint(5, 10) if team.kind == "service" else 20))
        crews[team.pk] = crew
        memberships += [TeamMember(team=team, person_id=p, role="leader" if i == 0 else "member",
                                   joined_on=FOUNDED) for i, p in enumerate(crew)]
    TeamMember.objects.bulk_create(memberships)
    activities, plans = [], []
    for team in teams:
        crew = crews[team.pk]
        if not crew:
            continue
        low, high = PER_YEAR[team.kind]
        for year in history.years(today):
            for _ in range(round(rng.uniform(low, high) * history.weight(year, today, FOUNDED))):
                mission = team.kind == "assault" or rng.random() < 0.2
                held = min(history.day(rng, year, today, FOUNDED), today - timedelta(days=1))
                activities.append(Activity(
                    team=team, path=team.path, kind="mission" if mission else "volunteer",
                    title=rng.choice(MISSIONS if mission else VOLUNTEER), held_on=held,
                    created_at=history.local(held, 18), synthetic=True,
                ))
                plans.append(rng.sample(crew, max(1, round(len(crew) * rng.uniform(0.3, 0.7)))))
    Activity.objects.bulk_create(activities)
    hours = Table(ActivityHours)
    total = Decimal(0)
    for a, people in zip(activities, plans, strict=True):
        for p in people:
            value = Decimal(rng.choice((1, 2, 3, 4, 6)))
            hours.add(activity_id=a.pk, person_id=p, path=a.path, hours=value)
            total += value
    hours.write()
    return {"service_teams": sum(t.kind == "service" for t in teams),
            "assault_teams": sum(t.kind == "assault" for t in teams),
            "team_members": len(memberships), "team_activities": len(activities),
            "volunteer_hours": int(total)}
