"""Reads of 包保 in the actor's scope, and who answers for a place (a task's unit and the street above it)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.selectors import under_unit


@dataclass
class DutyFilter:
    q: str = ""
    kind: str = ""
    village: str = ""
    current: str = "1"  # "1": in force today, "": all


def _in_force(qs: QuerySet) -> QuerySet:
    """Held at the end of today, as the figures count a day (core.indicators.on_or_before): begun by then and
    not ended by then."""
    today = timezone.localdate()
    return qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), started_on__lte=today)


def duties(*, actor: Actor, filters: DutyFilter | None = None) -> QuerySet[Duty]:
    qs = access.register_rows(Duty.objects.select_related("org_unit", "department"), actor,
                              access.VIEW_DASHBOARD)
    f = filters or DutyFilter()
    if f.q.strip():
        qs = qs.filter(Q(holder_name__contains=f.q.strip()) | Q(subject__contains=f.q.strip()))
    if f.kind in dict(Duty.KINDS):
        qs = qs.filter(kind=f.kind)
    if f.village.strip():
        qs = under_unit(qs, f.village.strip())
    if f.current == "1":
        qs = _in_force(qs)
    return qs.order_by("path", "kind", "holder_name", "pk")


def duty(*, actor: Actor, pk: int) -> Duty:
    return access.first_or_404(duties(actor=actor, filters=DutyFilter(current="")), pk=pk)


def answering_for(*, path: str, department_id: int | None = None) -> list[Duty]:
    """Who answers for a place today: the duties of the unit itself and of the units above it up to the
    street (the county's are everyone's); for a department's matter, the department's duty."""
    if department_id:
        return list(_in_force(Duty.objects.filter(department_id=department_id)).select_related("org_unit"))
    above = [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and path[: i + 1].count("/") >= 4]
    return list(_in_force(Duty.objects.filter(path__in=above)).select_related("org_unit")
                .order_by("-path", "kind", "holder_name"))


def for_task(*, actor: Actor, path: str, department_id: int | None = None) -> list[Duty]:
    """Who answers for a task's place, each marked `linked` where the actor may open the assignment (a
    village reads the name of its street's 包保 person, not the street's register)."""
    found = answering_for(path=path, department_id=department_id)
    seen = set(duties(actor=actor, filters=DutyFilter(current="")).filter(pk__in=[d.pk for d in found])
               .values_list("pk", flat=True))
    for d in found:
        d.linked = d.pk in seen
    return found


def units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """The units the actor may give a 包保 to: the county (a department's duty), streets and villages."""
    qs = OrgUnit.objects.filter(level__in=("county", "town", "village"))
    return access.scoped(qs, actor, access.MANAGE_TASKS).order_by("path")[:1000]
