from datetime import datetime

from django.db.models import Q, QuerySet

from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg


def org_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    return access.scoped(OrgUnit.objects.all(), actor, access.VIEW_ORGS)


def org_unit(*, actor: Actor, code: str, capability: str = access.VIEW_ORGS) -> OrgUnit:
    return access.get_scoped(OrgUnit.objects.select_related("parent"), actor, capability, code=code)


def visible_root(*, actor: Actor, capability: str = access.VIEW_ORGS) -> OrgUnit | None:
    """The highest unit the actor sees (the first, if they hold grants in several subtrees)."""
    paths = actor.paths(capability)
    return OrgUnit.objects.filter(path=paths[0]).first() if paths else None


def children(*, actor: Actor, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return org_units(actor=actor).filter(parent=unit).order_by("code")


def ancestors_in_scope(*, actor: Actor, unit: OrgUnit) -> list[OrgUnit]:
    """Breadcrumb: the unit's ancestors the actor may see, root first."""
    prefixes = []
    path = ""
    for part in unit.path.strip("/").split("/")[:-1]:
        path += part + "/"
        prefixes.append(path)
    return list(org_units(actor=actor).filter(path__in=prefixes).order_by("path"))


def villages(*, actor: Actor, capability: str = access.VIEW_PEOPLE) -> QuerySet[OrgUnit]:
    return access.scoped(OrgUnit.objects.filter(level="village"), actor, capability).order_by("code")


def party_orgs(*, actor: Actor) -> QuerySet[PartyOrg]:
    return access.scoped(PartyOrg.objects.select_related("org_unit"), actor, access.VIEW_ORGS)


def departments(*, actor: Actor) -> QuerySet[Department]:
    return access.scoped(Department.objects.all(), actor, access.VIEW_ORGS)


VILLAGE_SELECT_LIMIT = 300


def village_choices(*, actor: Actor) -> list[tuple[str, str]] | None:
    """(code, name) of the villages in scope for a register's drop-down; None above a district's worth,
    where the list would be megabytes and the page offers a box for a unit code instead."""
    found = list(villages(actor=actor).values_list("code", "name")[: VILLAGE_SELECT_LIMIT + 1])
    return found if len(found) <= VILLAGE_SELECT_LIMIT else None


COUNTY_DEPTH = 3  # "21/2101/210113/"


def audit_events(*, actor: Actor, person: str = "", obj: str = "", action: str = "",
                 since: datetime | None = None, before: datetime | None = None) -> QuerySet[AuditEvent]:
    """Audit events in the actor's scope, newest first; an auditor of a whole county (or above) also sees
    the events without a place (sign-ins, account and security changes). The time range is half-open:
    `since` included, `before` not."""
    access.require(actor, access.VIEW_AUDIT)
    qs = access.scoped(AuditEvent.objects.all(), actor, access.VIEW_AUDIT, field="scope_path")
    if any(p.count("/") <= COUNTY_DEPTH for p in actor.paths(access.VIEW_AUDIT)):
        qs = qs | AuditEvent.objects.filter(scope_path="")
    if person:
        qs = qs.filter(actor_name__icontains=person)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj) | Q(object_type=obj))
    if action:
        qs = qs.filter(action__startswith=action)
    if since:
        qs = qs.filter(created_at__gte=since)
    if before:
        qs = qs.filter(created_at__lt=before)
    return qs.order_by("-seq")
