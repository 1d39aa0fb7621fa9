"""The demo district's party member service teams (one per village, 142) and assault teams (one per
street, 10), drawn from the party members, with a year of missions and volunteer hours."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zhenxing.governance.models import Mission, MissionHours, ServiceTeam, TeamMember
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person

MISSIONS = {
    "service": [("volunteer", "置顶行动：为独居老人打扫庭院"), ("volunteer", "置顶行动：义务理发"),
                ("environment", "人居环境整治：清理村屯垃圾"), ("environment", "春季植树"),
                ("volunteer", "农忙时节帮扶困难户收割"), ("other", "政策宣讲进农户")],
    "assault": [("emergency", "汛期抢险：加固河堤"), ("hard", "暴雪后清雪保通"), ("emergency", "抗旱送水"),
                ("hard", "疫情防控卡点值守"), ("hard", "秸秆禁烧夜间巡查")],
}


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:teams")
    today = timezone.localdate()
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village").order_by("code"))
    streets = list(OrgUnit.objects.filter(path__startswith=county.path, level="town").order_by("code"))
    cpc = {}
    for pk, village_id in (Person.objects.filter(village__in=villages, political_status="cpc")
                           .order_by("pk").values_list("pk", "village_id")):
        cpc.setdefault(village_id, []).append(pk)
    teams, rosters = [], []
    for v in villages:
        teams.append(ServiceTeam(kind="service", name=f"{v.name}党员服务队", org_unit=v, path=v.path,
                                 founded_on=date(2021, 7, 1)))
        rosters.append(rng.sample(cpc.get(v.pk, []), min(len(cpc.get(v.pk, [])), rng.randint(5, 12))))
    for s in streets:
        teams.append(ServiceTeam(kind="assault", name=f"{s.name}党员突击队", org_unit=s, path=s.path,
                                 founded_on=date(2022, 4, 1)))
        pool = [pk for v in villages if v.parent_id == s.pk for pk in cpc.get(v.pk, [])]
        rosters.append(rng.sample(pool, min(len(pool), rng.randint(12, 20))))
    ServiceTeam.objects.bulk_create(teams)
    members, by_team = [], []
    for team, roster in zip(teams, rosters, strict=True):
        chosen = [TeamMember(team=team, person_id=pk, role="leader" if i == 0 else "member",
                             joined_on=team.founded_on, path=team.path) for i, pk in enumerate(roster)]
        members += chosen
        by_team.append(chosen)
    TeamMember.objects.bulk_create(members)
    missions, hours = [], []
    for team, crew in zip(teams, by_team, strict=True):
        if not crew:
            continue
        for _ in range(max(1, round(rng.randint(4, 10) * scale))):
            kind, title = rng.choice(MISSIONS[team.kind])
            held_on = today - timedelta(days=rng.randint(1, 360))
            m = Mission(team=team, kind=kind, title=title, held_on=held_on, place=team.org_unit.name,
                        path=team.path)
            missions.append(m)
            for member in rng.sample(crew, rng.randint(1, len(crew))):
                hours.append((m, member, Decimal(rng.randint(2, 16)) / 2))
    Mission.objects.bulk_create(missions)
    MissionHours.objects.bulk_create(
        (MissionHours(mission=m, member=member, hours=h, path=m.path) for m, member, h in hours),
        batch_size=2000)
    return {"service_teams": sum(t.kind == "service" for t in teams),
            "assault_teams": sum(t.kind == "assault" for t in teams), "team_members": len(members),
            "team_missions": len(missions), "volunteer_hours": str(sum(h for _, _, h in hours))}
