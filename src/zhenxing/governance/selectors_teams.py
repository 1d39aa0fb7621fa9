"""Reads of the service teams, for whoever holds the people registers over the team's unit."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.governance.models import Mission, MissionHours, ServiceTeam
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.models import Person
from zhenxing.people.selectors import under_unit

READ = access.VIEW_PEOPLE
TEAM_COLUMNS = (
    Column("名称", lambda t: t.name),
    Column("类型", lambda t: t.get_kind_display()),
    Column("所属单位", lambda t: t.org_unit.name),
    Column("成立日期", lambda t: t.founded_on),
)
MISSION_COLUMNS = (
    Column("日期", lambda m: m.held_on),
    Column("任务", lambda m: m.title),
    Column("类型", lambda m: m.get_kind_display()),
    Column("队伍", lambda m: m.team.name),
)
HOURS_COLUMNS = (
    Column("队员", lambda h: h.member.person.name),
    Column("任务", lambda h: h.mission.title),
    Column("日期", lambda h: h.mission.held_on),
    Column("时长（小时）", lambda h: h.hours),
)


def team_url(t) -> str:
    return reverse("governance:team", args=[t.pk])


@dataclass
class TeamFilter:
    q: str = ""
    village: str = ""
    kind: str = ""


def teams(*, actor: Actor, filters: TeamFilter | None = None) -> QuerySet[ServiceTeam]:
    access.require(actor, READ)
    f = filters or TeamFilter()
    qs = access.scoped(ServiceTeam.objects.select_related("org_unit"), actor, READ)
    if f.q:
        qs = qs.filter(name__contains=f.q.strip())
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.annotate(member_count=Count("members", distinct=True),
                       mission_count=Count("missions", distinct=True)).order_by("path", "kind", "name")


def team(*, actor: Actor, pk: int) -> ServiceTeam:
    return access.get_scoped(ServiceTeam.objects.select_related("org_unit"), actor, READ, pk=pk)


def members_with_hours(t: ServiceTeam):
    return t.members.select_related("person").annotate(total=Sum("hours__hours")).order_by("role", "pk")


def missions(t: ServiceTeam) -> QuerySet[Mission]:
    return t.missions.annotate(people=Count("hours"), total=Sum("hours__hours")).order_by("-held_on", "-pk")


def person_in_scope(*, actor: Actor, pk: int | None) -> Person | None:
    if pk is None:
        return None
    return access.scoped(Person.objects.all(), actor, READ).filter(pk=pk).first()


def hours_records():
    return MissionHours.objects.select_related("member__person", "mission")
