"""Reads of the party member teams, in the actor's scope (members are people: VIEW_PEOPLE)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from zhenxing.governance.teams.models import Activity, ActivityHours, Team, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.models import PartyMember, Person
from zhenxing.people.selectors import under_unit


@dataclass
class TeamFilter:
    q: str = ""
    village: str = ""
    kind: str = ""


def teams(*, actor: Actor, filters: TeamFilter | None = None) -> QuerySet[Team]:
    access.require(actor, access.VIEW_PEOPLE)
    qs = access.scoped(Team.objects.select_related("org_unit"), actor, access.VIEW_PEOPLE).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        activity_count=Count("activities", distinct=True),
    )
    f = filters or TeamFilter()
    if f.q:
        qs = qs.filter(name__contains=f.q.strip())
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by("path", "kind", "name")


def team(*, actor: Actor, pk: int) -> Team:
    return access.get_scoped(Team.objects.select_related("org_unit"), actor, access.VIEW_PEOPLE, pk=pk)


def members(*, team: Team) -> list[TeamMember]:
    """Current members with their hours in the team's activities (one grouped query)."""
    current = list(team.members.filter(left_on__isnull=True).select_related("person"))
    totals = dict(Activity.objects.filter(team=team).values("hours__person")
                  .annotate(h=Sum("hours__hours")).values_list("hours__person", "h"))
    for m in current:
        m.total_hours = totals.get(m.person_id) or 0
    return current


def activities(*, team: Team) -> QuerySet[Activity]:
    return (team.activities.annotate(people=Count("hours"), total=Sum("hours__hours"))
            .order_by("-held_on", "-pk"))


def candidates(*, actor: Actor, team: Team) -> QuerySet[Person]:
    """Who may join: people of the team's unit, party members first (the teams are party members')."""
    qs = access.scoped(Person.objects.filter(household__isnull=False), actor, access.VIEW_PEOPLE)
    qs = qs.filter(path__startswith=team.path).exclude(
        pk__in=team.members.filter(left_on__isnull=True).values("person"))
    member = PartyMember.objects.filter(person=OuterRef("pk"))
    return qs.annotate(is_member=Exists(member)).order_by("-is_member", "name")[:300]


def hours_since(*, actor: Actor, since, capability: str = access.VIEW_PEOPLE) -> QuerySet[ActivityHours]:
    """Each person's hours in missions and volunteer activities held on or after `since`, for the people
    (by their own path) where the actor holds `capability` — what issue 5's points propose from."""
    qs = ActivityHours.objects.filter(activity__held_on__gte=since,
                                      activity__kind__in=("mission", "volunteer"))
    qs = access.scoped(qs.select_related("activity__team"), actor, capability, field="person__path")
    return qs.order_by("activity__held_on", "pk")
