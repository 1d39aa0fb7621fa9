"""What each home page shows, read through the modules' own selectors (so in the actor's scope)."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from zhenxing.core import todo
from zhenxing.core.models import Notification
from zhenxing.governance.cases import selectors as cases
from zhenxing.governance.visits import selectors as visits
from zhenxing.homestead.applications import selectors as applications
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.people import selectors as people
from zhenxing.points.claims import selectors as points

BADGE_SECONDS = 60  # the menu's counts may lag this much; the queue itself is always live


def badge(actor) -> dict:
    """(waiting, overdue, unread) for the menu, cached per user: counting every kind on every page is
    too much."""
    key = f"workspace:badge:{actor.user.pk}"
    found = cache.get(key)
    if found is None:
        found = refresh_badge(actor)
    return found


def refresh_badge(actor, queue: todo.Queue | None = None) -> dict:
    waiting, overdue = (queue.total, queue.overdue) if queue is not None else todo.counts(actor)
    found = {"waiting": waiting, "overdue": overdue, "unread": unread(actor.user).count()}
    cache.set(f"workspace:badge:{actor.user.pk}", found, BADGE_SECONDS)
    return found


def unread(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def inbox(user, *, only_unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if only_unread else qs


def follows_up(actor) -> bool:
    """Whether the actor's queue holds only what others let slip (a county-level grant): it may 督办 them."""
    return any(org_todo.depth(g.path) <= org_todo.COUNTY_DEPTH for g in actor.grants
               if g.role != "department_staff")


def is_grid_worker(actor) -> bool:
    """Whose work is the households of a grid and the problems found there (no queue of steps)."""
    return "grid_worker" in actor.roles and not (actor.roles - {"grid_worker", "villager"})


@dataclass
class GridDay:
    unvisited: QuerySet
    unvisited_count: int
    reported: QuerySet
    open_reported: int
    households: int


def grid_day(actor) -> GridDay:
    households = visits.grid_households(actor=actor)
    unvisited = visits.grid_households(actor=actor, filters=visits.GridFilter(unvisited="yes"))
    reported = cases.mine(actor=actor)
    return GridDay(unvisited=unvisited.order_by("last_visit", "path", "number")[:20],
                   unvisited_count=unvisited.count(), reported=reported[:10],
                   open_reported=reported.filter(state__in=cases.OPEN).count(), households=households.count())


@dataclass
class VillagerHome:
    household: object = None
    members: list = field(default_factory=list)
    balance: int | None = None
    scheme: object = None
    applications: list = field(default_factory=list)
    reported: list = field(default_factory=list)


def villager_home(actor) -> VillagerHome | None:
    household = people.own_household(actor=actor)
    if household is None:
        return None
    home = VillagerHome(household=household, members=list(household.members.order_by("pk")[:20]))
    schemes = points.schemes_for(household)
    if schemes:
        home.scheme = schemes[0]
        home.balance = points.statement(scheme=schemes[0], holder=household,
                                        year=timezone.localdate().year).balance
    if actor.can(access.APPLY_HOMESTEAD):
        mine = applications.visible(actor).filter(household=household)
        home.applications = list(mine.order_by("-created_at"))
    if actor.can(access.REPORT_CASE):
        home.reported = list(cases.mine(actor=actor)[:10])
    return home
