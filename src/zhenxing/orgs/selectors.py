from datetime import datetime

from django.db.models import Q, QuerySet

from zhenxing.core import audit_labels
from zhenxing.core.models import AuditEvent
from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import Department, OrgUnit, PartyOrg, RoleAssignment


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
                 since: datetime | None = None, before: datetime | None = None, actor_id: int | None = None,
                 unit: OrgUnit | Department | None = None, object_type: str = "",
                 object_id: str = "") -> QuerySet[AuditEvent]:
    """Audit events in the actor's scope, newest first; an auditor of a whole county (or above) also sees
    the events without a place (sign-ins, account and security changes). The time range is half-open:
    `since` included, `before` not.

    `person` is part of the actor's name or login, `unit` where the actor works (a unit's subtree or one
    department), `object_type` and `object_id` one object, `obj` part of its name or its id, `action` a
    code's beginning or part of an action's Chinese name ("办结")."""
    access.require(actor, access.VIEW_AUDIT)
    qs = access.scoped(AuditEvent.objects.all(), actor, access.VIEW_AUDIT, field="scope_path")
    if any(p.count("/") <= COUNTY_DEPTH for p in actor.paths(access.VIEW_AUDIT)):
        qs = qs | AuditEvent.objects.filter(scope_path="")
    if person:
        qs = qs.filter(Q(actor_name__icontains=person) | Q(actor__first_name__icontains=person))
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if unit is not None:
        qs = qs.filter(actor_id__in=_staff_of(unit))
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj) | Q(object_type=obj))
    if action:
        qs = qs.filter(Q(action__startswith=action) | Q(action__in=audit_labels.actions_matching(action)))
    if since:
        qs = qs.filter(created_at__gte=since)
    if before:
        qs = qs.filter(created_at__lt=before)
    return qs.select_related("actor").order_by("-seq")


def _staff_of(unit: OrgUnit | Department) -> QuerySet:
    """Ids of the users assigned to a department, or anywhere in a unit's subtree (its departments too)."""
    if isinstance(unit, Department):
        return RoleAssignment.objects.filter(department=unit).values("user_id")
    return RoleAssignment.objects.filter(
        under(unit.path, "org_unit__path") | under(unit.path, "department__path")
    ).values("user_id")


AUDIT_UNIT_LEVELS = ("province", "city", "county", "town", "village")


def audit_unit(*, actor: Actor, code: str) -> OrgUnit | Department | None:
    """The unit (its code) or department ("dept:<id>") an auditor filters by; None if not in their scope."""
    access.require(actor, access.VIEW_AUDIT)
    if code.startswith("dept:"):
        pk = code.removeprefix("dept:")
        qs = access.scoped(Department.objects.all(), actor, access.VIEW_AUDIT)
        return qs.filter(pk=pk).first() if pk.isdigit() else None
    return access.scoped(OrgUnit.objects.all(), actor, access.VIEW_AUDIT).filter(code=code).first()


def audit_unit_choices(*, actor: Actor) -> dict[str, list[tuple[str, str]]]:
    """The units and departments of the auditor's scope for the filter's drop-down, by group; the villages
    only while they are few enough for a list."""
    access.require(actor, access.VIEW_AUDIT)
    units = access.scoped(OrgUnit.objects.filter(level__in=AUDIT_UNIT_LEVELS), actor, access.VIEW_AUDIT)
    upper = [(u.code, u.name) for u in units.exclude(level="village").order_by("path")]
    villages = list(units.filter(level="village").order_by("path").values_list("code", "name")
                    [: VILLAGE_SELECT_LIMIT + 1])
    departments = access.scoped(Department.objects.all(), actor, access.VIEW_AUDIT).order_by("name")
    return {
        "区县与街道": upper,
        "村（社区）": villages if len(villages) <= VILLAGE_SELECT_LIMIT else [],
        "部门": [(f"dept:{d.pk}", d.name) for d in departments],
    }
