"""What waits on an actor, and who is told when a record starts waiting (core.todo's parties).

The rows: a record waits on the holders of a capability over its place. An actor whose grant is the county
(or above) holds every street's and village's capabilities too; their queue would be every village's work.
Above the street, the queue holds only what is overdue (督办): the county follows up what the units let slip.

The recipients: the holders of a capability over its place, nearest first.

A case whistled in 马刚村 waits on the street's dispatchers; the district's administrators hold the same
capability over it, but telling every county official of every case in 142 villages drowns the message. So
the recipients are the holders at the deepest unit that has any (the street here); the district hears of it
only where no street holder exists. A department's step goes to that department's staff.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.models import RoleAssignment


def _roles_with(capability: str) -> list[str]:
    return [role for role, (_label, caps) in access.ROLES.items() if capability in caps]


def _ancestors(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]


def depth(path: str) -> int:
    """1 the province, 3 a county, 4 a street, 5 a village, 6 a grid."""
    return path.count("/")


def holders(path: str, capability: str, *, max_depth: int | None = None):
    """Users holding `capability` at the deepest unit on `path` (the record's place) that has any, no deeper
    than `max_depth` (a street's step is not the village's, though the village holds the capability)."""
    above = [p for p in _ancestors(path) if max_depth is None or depth(p) <= max_depth]
    rows = (RoleAssignment.objects.filter(role__in=_roles_with(capability), org_unit__path__in=above)
            .values_list("user_id", "org_unit__path"))
    by_depth: dict[int, set[int]] = {}
    for user_id, unit_path in rows:
        by_depth.setdefault(len(unit_path), set()).add(user_id)
    if not by_depth:
        return []
    return list(get_user_model().objects.filter(pk__in=by_depth[max(by_depth)], is_active=True))


def department_staff(department_ids, capability: str = access.WORK_CASE):
    ids = RoleAssignment.objects.filter(role__in=_roles_with(capability),
                                        department_id__in=list(department_ids)).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def department_holders(path: str, capability: str):
    """Staff holding `capability` through a department of a unit above `path` (the county's 自然资源局 …)."""
    ids = RoleAssignment.objects.filter(role__in=_roles_with(capability),
                                        department__path__in=_ancestors(path)).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


# "21/2101/210113/" is a county: a grant this high (or higher) follows up only what is overdue.
COUNTY_DEPTH, STREET_DEPTH, VILLAGE_DEPTH = 3, 4, 5


def rows(qs: QuerySet, actor, capability: str, field: str = "path", due_field: str = "due_at", *,
         min_depth: int = 0, max_depth: int | None = None):
    """The records of `qs` waiting on the actor as a holder of `capability` through a grant between
    `min_depth` and `max_depth` (the village's part is the village's grants'); None if the actor holds
    none."""
    paths = [p for p in actor.paths(capability)
             if depth(p) >= min_depth and (max_depth is None or depth(p) <= max_depth)]
    if not paths:
        return None
    parts = Q()
    for p in paths:
        here = under(p, field)
        if depth(p) <= COUNTY_DEPTH and due_field:
            here &= Q(**{f"{due_field}__lt": timezone.now()})
        parts |= here
    return qs.filter(parts)


def either(*parts):
    """The union of a party's querysets, leaving out the None of a role the actor does not hold; None if
    the actor holds none of them."""
    held = [qs for qs in parts if qs is not None]
    if not held:
        return None
    rows = held[0]
    for more in held[1:]:
        rows = rows | more
    return rows
