"""Roles, capabilities and scope.

A user holds role assignments, each at one org unit or one department. A role is a set of
capabilities. What a user may see is the union of the subtrees of their assignments; a subtree is
a prefix of the materialised path, so scoping a queryset is one indexed range filter (core.paths).
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import QuerySet
from django.http import Http404

from zhenxing.core.paths import under

# Capabilities (plain strings).
VIEW_ORGS = "view_orgs"
VIEW_PEOPLE = "view_people"
VIEW_PERSONAL = "view_personal"  # unmasked ID numbers and phones
EDIT_PEOPLE = "edit_people"
EXPORT = "export"
IMPORT = "import"
VIEW_DASHBOARD = "view_dashboard"
SET_TARGETS = "set_targets"
VIEW_AUDIT = "view_audit"
MANAGE_CALENDAR = "manage_calendar"
ATTACH = "attach"
VIEW_OWN_HOUSEHOLD = "view_own_household"
# 三员分立 (等保 2.0): users, roles and the calendar (system administrator), security settings — lock-outs,
# two-factor resets, sessions — (security administrator), and reading the audit log (audit administrator)
# are three capabilities held by three roles, none of which holds another's.
MANAGE_USERS = "manage_users"
MANAGE_SECURITY = "manage_security"
# Homestead (宅基地): filing an application, the village's and street's review steps, a department's
# part of the joint review (联审), the registers of modules 5–9, and the policies that set the rules.
APPLY_HOMESTEAD = "apply_homestead"
REVIEW_HOMESTEAD = "review_homestead"
SIGN_HOMESTEAD = "sign_homestead"
MANAGE_HOMESTEAD = "manage_homestead"
MANAGE_POLICIES = "manage_policies"
# Governance (强治理): reporting an event, the village's handling and whistle (吹哨), the street's
# dispatch, a department's part of a case (报到, 退单, 办结), mediation (评理说事), service teams.
REPORT_CASE = "report_case"
HANDLE_CASE = "handle_case"
DISPATCH_CASE = "dispatch_case"
WORK_CASE = "work_case"
MEDIATE = "mediate"
MANAGE_TEAMS = "manage_teams"
# Points (积分制): proposing an entry, approving it, the rule catalogues, keeping the village's 积分超市,
# and a villager redeeming their own household's points.
PROPOSE_POINTS = "propose_points"
APPROVE_POINTS = "approve_points"
MANAGE_POINT_RULES = "manage_point_rules"
KEEP_SHOP = "keep_shop"
REDEEM_POINTS = "redeem_points"
# 建机制: the yearly task list (planning it and assigning its tasks to units and departments; a unit's or a
# department's progress reports on its own tasks: a department's staff hold theirs at the county, so it is a
# capability of its own, checked against their department).
MANAGE_TASKS = "manage_tasks"
REPORT_TASKS = "report_tasks"
REPORT_DEPARTMENT_TASKS = "report_department_tasks"

ROLES: dict[str, tuple[str, frozenset[str]]] = {
    "district_admin": ("区级管理员", frozenset({
        MANAGE_TASKS, REPORT_TASKS,
        APPROVE_POINTS, MANAGE_POINT_RULES,
        DISPATCH_CASE, MEDIATE, MANAGE_TEAMS, VIEW_ORGS, VIEW_PEOPLE, VIEW_PERSONAL, EDIT_PEOPLE, EXPORT,
        IMPORT, VIEW_DASHBOARD, SET_TARGETS, ATTACH, REVIEW_HOMESTEAD, MANAGE_HOMESTEAD, MANAGE_POLICIES,
    })),
    "street_admin": ("街道管理员", frozenset({
        MANAGE_TASKS, REPORT_TASKS,
        APPROVE_POINTS,
        DISPATCH_CASE, MEDIATE, MANAGE_TEAMS, VIEW_ORGS, VIEW_PEOPLE, VIEW_PERSONAL, EDIT_PEOPLE, EXPORT,
        IMPORT, VIEW_DASHBOARD, SET_TARGETS, ATTACH, REVIEW_HOMESTEAD, MANAGE_HOMESTEAD,
    })),
    "street_reviewer": ("街道审核员", frozenset({
        DISPATCH_CASE, VIEW_ORGS, VIEW_PEOPLE, EXPORT, VIEW_DASHBOARD, ATTACH, REVIEW_HOMESTEAD,
        MANAGE_HOMESTEAD,
    })),
    "village_secretary": ("村党组织书记", frozenset({
        REPORT_TASKS,
        PROPOSE_POINTS, APPROVE_POINTS, MANAGE_POINT_RULES, KEEP_SHOP,
        REPORT_CASE, HANDLE_CASE, MEDIATE, MANAGE_TEAMS, VIEW_ORGS, VIEW_PEOPLE, VIEW_PERSONAL,
        EDIT_PEOPLE, EXPORT, VIEW_DASHBOARD, ATTACH, APPLY_HOMESTEAD, REVIEW_HOMESTEAD, MANAGE_HOMESTEAD,
    })),
    "village_cadre": ("村“两委”干部", frozenset({
        PROPOSE_POINTS, KEEP_SHOP,
        REPORT_CASE, HANDLE_CASE, MEDIATE, VIEW_ORGS, VIEW_PEOPLE, VIEW_DASHBOARD, ATTACH, APPLY_HOMESTEAD,
    })),
    "first_secretary": ("驻村第一书记", frozenset({
        PROPOSE_POINTS, REPORT_CASE, VIEW_ORGS, VIEW_PEOPLE, EXPORT, VIEW_DASHBOARD,
    })),
    "grid_worker": ("网格员", frozenset({
        PROPOSE_POINTS, REPORT_CASE, VIEW_PEOPLE, VIEW_DASHBOARD, ATTACH,
    })),
    "department_staff": ("部门工作人员", frozenset({
        REPORT_DEPARTMENT_TASKS,
        WORK_CASE, VIEW_ORGS, VIEW_DASHBOARD, ATTACH, SIGN_HOMESTEAD,
    })),
    "villager": ("村民", frozenset({
        REDEEM_POINTS, REPORT_CASE, VIEW_OWN_HOUSEHOLD, APPLY_HOMESTEAD, ATTACH,
    })),
    # 三员: no business data, and none of them holds what another manages.
    "system_admin": ("系统管理员", frozenset({VIEW_ORGS, MANAGE_USERS, MANAGE_CALENDAR})),
    "security_admin": ("安全管理员", frozenset({MANAGE_SECURITY})),
    "audit_admin": ("安全审计员", frozenset({VIEW_AUDIT})),
}
# Roles that must sign in with a second factor (ZHENXING_REQUIRE_2FA): those that administer.
ADMIN_ROLES = frozenset({"district_admin", "street_admin", "system_admin", "security_admin", "audit_admin"})
# The three officers are granted only by a superuser (`zhenxing createadmin`), so that the system
# administrator, who grants roles, cannot make anyone — himself included — an auditor or security officer.
OFFICER_ROLES = frozenset({"system_admin", "security_admin", "audit_admin"})


def holds_admin_role(user) -> bool:
    from zhenxing.orgs.models import RoleAssignment

    return RoleAssignment.objects.filter(user=user, role__in=ADMIN_ROLES).exists()


def role_label(role: str) -> str:
    return ROLES[role][0] if role in ROLES else role


@dataclass(frozen=True)
class Grant:
    role: str
    path: str
    capabilities: frozenset[str]


class Actor:
    """The user plus their grants, loaded once per request."""

    def __init__(self, user, grants: list[Grant]):
        self.user = user
        self.grants = grants

    def __repr__(self):
        return f"<Actor {self.user}>"

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def can(self, capability: str, path: str | None = None) -> bool:
        """Whether some grant gives `capability` over `path` (or anywhere, if no path)."""
        return any(
            capability in g.capabilities and (path is None or path.startswith(g.path)) for g in self.grants
        )

    def paths(self, capability: str) -> list[str]:
        """Roots of the subtrees where the actor holds `capability`, with nested ones dropped."""
        roots = sorted({g.path for g in self.grants if capability in g.capabilities})
        kept: list[str] = []
        for p in roots:
            if not any(p.startswith(k) for k in kept):
                kept.append(p)
        return kept

    def home_path(self) -> str | None:
        paths = self.paths(VIEW_DASHBOARD) or self.paths(VIEW_PEOPLE)
        return paths[0] if paths else None


def actor_for(user) -> Actor:
    if not getattr(user, "is_authenticated", False):
        return Actor(user, [])
    cached = getattr(user, "_zhenxing_actor", None)
    if cached is not None:
        return cached
    from zhenxing.orgs.models import RoleAssignment

    grants = []
    for a in RoleAssignment.objects.filter(user=user).select_related("org_unit", "department"):
        if a.role in ROLES:
            grants.append(Grant(a.role, a.path, ROLES[a.role][1]))
    actor = Actor(user, grants)
    user._zhenxing_actor = actor
    return actor


def scoped(qs: QuerySet, actor: Actor, capability: str, field: str = "path") -> QuerySet:
    """Rows of `qs` inside the actor's subtrees for `capability`; nothing if the actor has none."""
    paths = actor.paths(capability)
    if not paths:
        return qs.none()
    return qs.filter(reduce(or_, (under(p, field) for p in paths)))


def get_scoped(qs: QuerySet, actor: Actor, capability: str, field: str = "path", **lookup):
    """One object inside the actor's scope, or 404: outside scope and missing look the same."""
    return first_or_404(scoped(qs, actor, capability, field), **lookup)


def first_or_404(qs: QuerySet, **lookup):
    """One row of a queryset already scoped to the actor (a register's rows), or 404: missing and outside
    the scope look the same. `.first()`, not `.get()`: a register's joins must not make a repeat a 500."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def register_rows(qs: QuerySet, actor: Actor, capability: str, field: str = "path") -> QuerySet:
    """A register's rows for the actor: 404 for a role without the capability (the register is not there
    for it), else the rows inside the actor's scope."""
    require(actor, capability)
    return scoped(qs, actor, capability, field)


def require(actor: Actor, capability: str, path: str | None = None) -> None:
    """Services call this first; outside scope answers 404 like a missing object."""
    if not actor.can(capability, path):
        raise Http404
