"""Reads of 入户走访 and of a grid's households with their last visit, in the actor's scope."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.models import Household
from zhenxing.people.selectors import under_unit

UNVISITED_DAYS = 90


@dataclass
class GridFilter:
    q: str = ""  # 户编号 or 户主 prefix
    village: str = ""  # unit code: a village or a grid
    unvisited: str = ""  # "yes": not visited in UNVISITED_DAYS days


def grid_households(*, actor: Actor, filters: GridFilter | None = None) -> QuerySet[Household]:
    """The households the actor looks after, with the date of their last visit (one subquery per page row)."""
    access.require(actor, access.VIEW_PEOPLE)
    last = Visit.objects.filter(household=OuterRef("pk")).order_by().values("household").annotate(
        m=Max("visited_on")).values("m")
    qs = access.scoped(Household.objects.select_related("village", "grid", "head"), actor, access.VIEW_PEOPLE)
    qs = qs.annotate(last_visit=Subquery(last))
    f = filters or GridFilter()
    if f.q:
        qs = qs.filter(Q(number__startswith=f.q.strip()) | Q(head__name__startswith=f.q.strip()))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.unvisited == "yes":
        since = timezone.localdate() - timedelta(days=UNVISITED_DAYS)
        qs = qs.exclude(pk__in=Visit.objects.filter(visited_on__gte=since).values("household"))
    return qs.order_by("path", "number")


def grid_household(*, actor: Actor, pk: int) -> Household:
    """One household of the actor's grid, with its last visit as the grid lists it; 404 outside."""
    return access.get_scoped(grid_households(actor=actor), actor, access.VIEW_PEOPLE, pk=pk)


@dataclass
class VisitFilter:
    q: str = ""
    village: str = ""
    purpose: str = ""
    follow_up: str = ""  # "yes": marked 需跟进


def visits(*, actor: Actor, filters: VisitFilter | None = None) -> QuerySet[Visit]:
    access.require(actor, access.VIEW_PEOPLE)
    qs = access.scoped(Visit.objects.select_related("household__head", "household__village", "visitor"),
                       actor, access.VIEW_PEOPLE)
    f = filters or VisitFilter()
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(household__number__startswith=q) | Q(household__head__name__startswith=q))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.purpose:
        qs = qs.filter(purpose=f.purpose)
    if f.follow_up == "yes":
        qs = qs.filter(follow_up_needed=True)
    return qs.order_by("-visited_on", "-pk")


def visit(*, actor: Actor, pk: int) -> Visit:
    return access.get_scoped(visits(actor=actor), actor, access.VIEW_PEOPLE, pk=pk)


def household_visits(*, household: Household) -> QuerySet[Visit]:
    return household.visits.select_related("visitor").order_by("-visited_on", "-pk")


def visit_counts(*, actor: Actor) -> dict:
    """This month's visits and households visited in the actor's scope (one query)."""
    start = timezone.localdate().replace(day=1)
    return access.scoped(Visit.objects.filter(visited_on__gte=start), actor, access.VIEW_PEOPLE).aggregate(
        visits=Count("pk"), households=Count("household", distinct=True))
