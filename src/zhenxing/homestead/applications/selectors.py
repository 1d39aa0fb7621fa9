"""Reads of 申请审批, limited to who may see an application.

Staff see the applications of their subtree when they hold the people registers or a review grant; a
department of the joint review (自然资源, 住建, 农业农村) sees those in 联审; a villager sees only their own
household's.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import Attachment
from zhenxing.homestead.applications import checks
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.applications.workflows import APPLICANT, IN_PROGRESS
from zhenxing.homestead.parcels.models import FarmlandPlot, Parcel
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment
from zhenxing.people.models import Household, Person
from zhenxing.people.selectors import under_unit

STAFF_CAPABILITIES = (access.VIEW_PEOPLE, access.REVIEW_HOMESTEAD)
# A department takes part in the procedure at one step only, the street's joint review (联审): it sees an
# application while it is there, as cases are seen by the departments they are dispatched to.
DEPARTMENT_STATES = ("joint_review",)
NEAR = timedelta(days=2)
OPEN = Q(state__in=IN_PROGRESS)
OWNER_TYPE = "homestead.application"  # of the application's attachments


def own_household_id(actor: Actor) -> int | None:
    """The household of the person linked to the actor's account (a villager's own)."""
    return Person.objects.filter(user=actor.user).values_list("household_id", flat=True).first()


def visible(actor: Actor) -> QuerySet[Application]:
    base = Application.objects.select_related("village", "household__head")
    parts = [access.scoped(base, actor, cap) for cap in STAFF_CAPABILITIES if actor.paths(cap)]
    if actor.paths(access.SIGN_HOMESTEAD) and signing_part(actor) is not None:
        parts.append(access.scoped(base, actor, access.SIGN_HOMESTEAD).filter(state__in=DEPARTMENT_STATES))
    if actor.can(access.APPLY_HOMESTEAD) and actor.roles & {"villager"}:
        own = own_household_id(actor)  # None for an account not linked to a person: sees nothing
        parts.append(access.scoped(base, actor, access.APPLY_HOMESTEAD).filter(household_id=own or 0))
    if not parts:
        raise Http404
    return reduce(or_, parts)


DEPARTMENT_PARTS = (  # which department signs which part, by the words of its name
    ("natural_resources", ("自然资源", "规划")),
    ("housing", ("住房", "住建", "城乡建设")),
    ("agriculture", ("农业农村", "农经")),
)



def signing_part(actor) -> tuple[str, Department] | None:
    """The joint-review part the actor's department signs, if it is one of the three."""
    if not actor.can(access.SIGN_HOMESTEAD):
        return None
    assignments = RoleAssignment.objects.filter(user=actor.user, department__isnull=False)
    for a in assignments.select_related("department"):
        for part, words in DEPARTMENT_PARTS:
            if any(w in a.department.name for w in words):
                return part, a.department
    return None


@dataclass
class ApplicationFilter:
    q: str = ""  # 申请编号 or 户主 name prefix
    village: str = ""
    state: str = ""
    deadline: str = ""  # "overdue" / "near"


def applications(*, actor: Actor, filters: ApplicationFilter | None = None) -> QuerySet[Application]:
    qs = visible(actor)
    f = filters or ApplicationFilter()
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(code__startswith=q.upper()) | Q(household__head__name__startswith=q))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.deadline == "overdue":
        qs = workflow.overdue(qs.filter(OPEN))
    elif f.deadline == "near":
        qs = workflow.near_overdue(qs.filter(OPEN), within=NEAR)
    return qs.order_by("-created_at", "-pk")


def sees_checks(actor: Actor, application: Application, roles: set[str]) -> bool:
    """The pre-checks name neighbours' parcels and the farmland plots a site takes: for the reviewers
    (staff with the registers, the village and street parts, the signing departments), not the applicant."""
    return (actor.can(access.VIEW_PEOPLE, application.path) or bool(roles - {"applicant"})
            or actor.can(access.SIGN_HOMESTEAD, application.path))


def checks_shown(actor: Actor, application: Application, roles: set[str]):
    """The pre-checks the actor sees on the application: reviewers' with the neighbours named, the
    applicant's the same results worded without other households' records; None for anyone else."""
    if sees_checks(actor, application, roles):
        return checks.application_checks(application)
    if APPLICANT in roles:
        return checks.application_checks(application, named=False)
    return None


def _staff_paths(actor: Actor) -> list[str]:
    """Where the actor files applications as village staff (for any household), not as a villager."""
    return [g.path for g in actor.grants if g.role != "villager" and access.APPLY_HOMESTEAD in g.capabilities]


def drawing_village(*, actor: Actor, code: str = "") -> OrgUnit:
    """The village an applicant draws a site in: a villager's own household's; for village staff, one of
    the villages they file applications for (`code`, else the first). Any other village is 404."""
    access.require(actor, access.APPLY_HOMESTEAD)
    staff_paths = _staff_paths(actor)
    if staff_paths:
        villages = access.scoped(OrgUnit.objects.filter(level="village"), actor, access.APPLY_HOMESTEAD)
        villages = villages.filter(reduce(or_, (Q(path__startswith=p) for p in staff_paths)))
        found = (villages.filter(code=code) if code else villages.order_by("path")).first()
    else:
        own = Household.objects.filter(pk=own_household_id(actor) or 0).select_related("village").first()
        found = own.village if own and (not code or own.village.code == code) else None
    if found is None:
        raise Http404
    return found


def drawing_old_parcel(*, actor: Actor, village: OrgUnit, code: str) -> Parcel | None:
    """The parcel a rebuild replaces, named while drawing: in the village, and the villager's own."""
    code = (code or "").strip().upper()
    if not code:
        return None
    parcels = Parcel.objects.filter(code=code, village=village)
    if not _staff_paths(actor):
        parcels = parcels.filter(household_id=own_household_id(actor) or 0)
    found = parcels.first()
    if found is None:
        raise Http404
    return found


def site_layers(*, village: OrgUnit) -> dict:
    """What the applicant draws against: the village boundary, its registered parcels and its basic
    farmland, as outlines only (no code, holder or use: the applicant sees where, not whose)."""
    features = []
    if village.boundary:
        features.append(_outline("boundary", village.boundary, name=village.name))
    parcels = Parcel.objects.filter(village=village).exclude(geometry="")
    for text in parcels.values_list("geometry", flat=True):
        features.append(_outline("parcel", text))
    for text in FarmlandPlot.objects.filter(village=village).values_list("geometry", flat=True):
        features.append(_outline("farmland", text))
    return {"type": "FeatureCollection", "features": [f for f in features if f["geometry"]]}


def _outline(kind: str, text: str, **properties) -> dict:
    try:
        geometry = json.loads(text) if text else None
    except ValueError:
        geometry = None
    return {"type": "Feature", "geometry": geometry, "properties": {"kind": kind, **properties}}


def application(*, actor: Actor, pk: int) -> Application:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def application_file(*, actor: Actor, application_pk: int, pk: int) -> Attachment:
    app = application(actor=actor, pk=application_pk)
    found = Attachment.objects.filter(pk=pk, owner_type=OWNER_TYPE, owner_id=str(app.pk)).first()
    if found is None:
        raise Http404
    return found


def deadlines_by_street(*, actor: Actor) -> list[dict]:
    """Per street in scope: open applications, overdue and due within two days (one grouped query)."""
    qs = visible(actor).filter(OPEN).order_by()
    now = timezone.now()
    rows = (
        qs.values("village__parent")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            near=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + NEAR)),
        )
        .order_by("village__parent")
    )
    streets = OrgUnit.objects.in_bulk([r["village__parent"] for r in rows])
    return [{**r, "street": streets[r["village__parent"]]} for r in rows]


def household_to_apply_for(*, actor: Actor, number: str) -> Household:
    """The household an application is filed for: by number, or a villager's own when left blank."""
    number = (number or "").strip()
    own = own_household_id(actor)
    if not number:
        if own is None:
            raise ValidationError({"household": "请填写申请户户编号"})
        return Household.objects.select_related("village").get(pk=own)
    found = access.scoped(Household.objects.select_related("village"), actor, access.APPLY_HOMESTEAD).filter(
        number=number).first()
    if found is None:
        raise ValidationError({"household": f"户编号“{number}”不存在或不在您的管辖范围内"})
    return found


def old_parcel(*, code: str, household: Household) -> Parcel | None:
    """The applicant's parcel that a rebuild, relocation or extension replaces."""
    code = (code or "").strip().upper()
    if not code:
        return None
    found = Parcel.objects.filter(code=code, household=household).first()
    if found is None:
        raise ValidationError({"old_parcel": f"宗地“{code}”不是申请户的宅基地"})
    return found
