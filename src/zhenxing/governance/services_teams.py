"""Writes of the service teams: founding one, its members, and a mission with each member's hours.

MANAGE_TEAMS over the team's unit writes: a village's secretary its own service team, the street its
assault team and its villages' teams. Members are people of the team's unit; hours are per member.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit
from zhenxing.governance.models import Mission, MissionHours, ServiceTeam, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person

MAX_HOURS = Decimal("24")


def _day(value, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: f"请填写{label}"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    return value


@transaction.atomic
def found_team(*, actor, org_unit: OrgUnit, kind: str, name: str, founded_on) -> ServiceTeam:
    access.require(actor, access.MANAGE_TEAMS, org_unit.path)
    errors = {}
    if kind not in dict(ServiceTeam.KINDS):
        errors["kind"] = "请选择队伍类型"
    elif kind == "service" and org_unit.level != "village":
        errors["org_unit"] = "党员服务队以村为单位组建"
    elif kind == "assault" and org_unit.level not in ("county", "town"):
        errors["org_unit"] = "党员突击队由街道或区组建"
    if not name.strip():
        errors["name"] = "请填写队伍名称"
    if not isinstance(founded_on, date):
        errors["founded_on"] = "请填写成立日期"
    if errors:
        raise ValidationError(errors)
    _day(founded_on, "founded_on", "成立日期")
    team = ServiceTeam.objects.create(kind=kind, name=name.strip()[:100], org_unit=org_unit,
                                      founded_on=founded_on, path=org_unit.path)
    audit.record(actor=actor.user, action="governance.team.found", obj=team,
                 changes={"kind": kind, "name": team.name, "org_unit": org_unit.code})
    return team


@transaction.atomic
def add_member(*, actor, team: ServiceTeam, person: Person | None, role: str, joined_on) -> TeamMember:
    access.require(actor, access.MANAGE_TEAMS, team.path)
    if person is None:
        raise ValidationError({"person": "请填写队员的人员编号（本单位人员）"})
    if not person.path.startswith(team.path):
        raise ValidationError({"person": f"{person.name}不是{team.org_unit.name}的人员"})
    if team.members.filter(person=person).exists():
        raise ValidationError({"person": f"{person.name}已是本队队员"})
    if role not in dict(TeamMember.ROLES):
        raise ValidationError({"role": "请选择职务"})
    _day(joined_on, "joined_on", "加入日期")
    member = TeamMember.objects.create(team=team, person=person, role=role, joined_on=joined_on,
                                       path=team.path)
    audit.record(actor=actor.user, action="governance.team.member_add", obj=team,
                 changes={"person": person.pk, "role": role})
    return member


def _hours(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": f"服务时长“{raw}”不是数字"}) from None
    if not (Decimal("0") < value <= MAX_HOURS) or value != value.quantize(Decimal("0.1")):
        raise ValidationError({"hours": "服务时长应在 0.1–24 小时之间，精确到 0.1 小时"})
    return value


@transaction.atomic
def record_mission(*, actor, team: ServiceTeam, kind: str, title: str, held_on, place: str = "",
                   description: str = "", hours: dict[int, object]) -> Mission:
    """`hours`: member id -> hours that member gave (those who took part)."""
    access.require(actor, access.MANAGE_TEAMS, team.path)
    errors = {}
    if kind not in dict(Mission.KINDS):
        errors["kind"] = "请选择任务类型"
    if not title.strip():
        errors["title"] = "请填写任务名称"
    if errors:
        raise ValidationError(errors)
    _day(held_on, "held_on", "任务日期")
    members = {m.pk: m for m in team.members.all()}
    given = {pk: _hours(v) for pk, v in hours.items() if str(v).strip()}
    if not given:
        raise ValidationError({"hours": "请至少填写一名参加队员的服务时长"})
    if set(given) - set(members):
        raise ValidationError({"hours": "参加人员应为本队队员"})
    mission = Mission.objects.create(team=team, kind=kind, title=title.strip()[:100], held_on=held_on,
                                     place=place.strip()[:100], description=description.strip(),
                                     path=team.path, recorded_by=actor.user)
    MissionHours.objects.bulk_create(
        MissionHours(mission=mission, member=members[pk], hours=h, path=team.path) for pk, h in given.items())
    audit.record(actor=actor.user, action="governance.team.mission", obj=mission,
                 changes={"team": team.pk, "kind": kind, "hours": {str(k): str(v) for k, v in given.items()}})
    return mission
