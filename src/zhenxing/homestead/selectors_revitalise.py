"""Reads of 闲置盘活 (module 8) and 执法监管 (module 9), each limited to the actor's scope (VIEW_PEOPLE,
like the parcels they are about); outside the scope answers 404."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import Attachment
from zhenxing.homestead.models import (
    IdleSurvey,
    Inspection,
    Parcel,
    ProjectParcel,
    RevitalisationProject,
    Violation,
)
from zhenxing.homestead.workflows_enforcement import OPEN, RECTIFICATION
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.selectors import under_unit

SURVEYED = [("yes", "已调查"), ("no", "未调查")]


def _scoped(qs: QuerySet, actor: Actor) -> QuerySet:
    access.require(actor, access.VIEW_PEOPLE)
    return access.scoped(qs, actor, access.VIEW_PEOPLE)


@dataclass
class IdleFilter:
    q: str = ""
    village: str = ""
    idle_kind: str = ""
    intention: str = ""
    surveyed: str = ""


def idle_parcels(*, actor: Actor, filters: IdleFilter | None = None) -> QuerySet[Parcel]:
    """Idle parcels with their latest survey's facts as annotations (evaluated for the shown page only)."""
    f = filters or IdleFilter()
    latest = IdleSurvey.objects.filter(parcel=OuterRef("pk")).order_by("-surveyed_on", "-pk")
    qs = _scoped(Parcel.objects.filter(use_status="idle").select_related("village", "household__head"), actor)
    qs = qs.annotate(
        **{
            f"survey_{name}": Subquery(latest.values(name)[:1])
            for name in ("surveyed_on", "idle_kind", "condition", "intention", "surveyor")
        }
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(code__startswith=q.upper()) | Q(location__contains=q))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.idle_kind:
        qs = qs.filter(survey_idle_kind=f.idle_kind)
    if f.intention:
        qs = qs.filter(survey_intention=f.intention)
    if f.surveyed == "yes":
        qs = qs.filter(survey_surveyed_on__isnull=False)
    elif f.surveyed == "no":
        qs = qs.filter(survey_surveyed_on__isnull=True)
    return qs.order_by("path", "code")


def parcel(*, actor: Actor, pk: int) -> Parcel:
    return access.get_scoped(
        Parcel.objects.select_related("village", "household__head"), actor, access.VIEW_PEOPLE, pk=pk
    )


def surveys(*, parcel: Parcel) -> QuerySet[IdleSurvey]:
    return parcel.idle_surveys.order_by("-surveyed_on", "-pk")


def parcel_links(*, parcel: Parcel) -> QuerySet[ProjectParcel]:
    return parcel.project_links.select_related("project").order_by("-linked_on", "-pk")


@dataclass
class ProjectFilter:
    q: str = ""
    village: str = ""
    kind: str = ""
    status: str = ""


def projects(*, actor: Actor, filters: ProjectFilter | None = None) -> QuerySet[RevitalisationProject]:
    f = filters or ProjectFilter()
    qs = _scoped(RevitalisationProject.objects.select_related("village"), actor).annotate(
        parcel_count=Count("links", filter=Q(links__released_on__isnull=True))
    )
    if f.q:
        qs = qs.filter(
            Q(code__startswith=f.q.strip().upper())
            | Q(name__contains=f.q.strip())
            | Q(operator_name__contains=f.q.strip())
        )
    if f.village:
        qs = under_unit(qs, f.village)
    for name in ("kind", "status"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    return qs.order_by("code")


def project(*, actor: Actor, pk: int) -> RevitalisationProject:
    return access.get_scoped(
        RevitalisationProject.objects.select_related("village"), actor, access.VIEW_PEOPLE, pk=pk
    )


def project_links(*, project: RevitalisationProject, current: bool = True) -> QuerySet[ProjectParcel]:
    return (
        project.links.filter(released_on__isnull=current)
        .select_related("parcel__village")
        .order_by("parcel__path", "parcel__code")
    )


@dataclass
class InspectionFilter:
    village: str = ""
    kind: str = ""
    q: str = ""


def inspections(*, actor: Actor, filters: InspectionFilter | None = None) -> QuerySet[Inspection]:
    f = filters or InspectionFilter()
    qs = _scoped(Inspection.objects.select_related("village"), actor).annotate(
        violation_count=Count("violations")
    )
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.q:
        qs = qs.filter(Q(inspectors__contains=f.q.strip()) | Q(findings__contains=f.q.strip()))
    return qs.order_by("-inspected_on", "-pk")


def inspection(*, actor: Actor, pk: int) -> Inspection:
    return access.get_scoped(Inspection.objects.select_related("village"), actor, access.VIEW_PEOPLE, pk=pk)


@dataclass
class ViolationFilter:
    q: str = ""
    village: str = ""
    kind: str = ""
    state: str = ""
    overdue: str = ""


def violations(*, actor: Actor, filters: ViolationFilter | None = None) -> QuerySet[Violation]:
    f = filters or ViolationFilter()
    qs = _scoped(Violation.objects.select_related("village", "parcel"), actor)
    if f.q:
        q = f.q.strip().upper()
        qs = qs.filter(Q(code__startswith=q) | Q(parcel__code__startswith=q) | Q(description__contains=f.q))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.overdue == "yes":
        qs = overdue_of(qs)
    return qs.order_by("-found_on", "-pk")


def overdue_of(qs: QuerySet[Violation]) -> QuerySet[Violation]:
    return workflow.overdue(qs.filter(state__in=OPEN))


def overdue_by_street(*, actor: Actor) -> list[tuple[OrgUnit, list[Violation]]]:
    """Overdue violations grouped by street (the street is the unit that answers for them)."""
    rows = list(
        overdue_of(_scoped(Violation.objects.select_related("village", "parcel"), actor)).order_by(
            "path", "due_at"
        )
    )
    parents = OrgUnit.objects.in_bulk({v.village.parent_id for v in rows})
    grouped: dict[int, list[Violation]] = {}
    now = timezone.now()
    for v in rows:
        v.days_over = (now - v.due_at).days
        grouped.setdefault(v.village.parent_id, []).append(v)
    return [(parents[k], items) for k, items in sorted(grouped.items(), key=lambda kv: parents[kv[0]].code)]


def violation(*, actor: Actor, pk: int) -> Violation:
    return access.get_scoped(
        Violation.objects.select_related("village", "parcel", "inspection"), actor, access.VIEW_PEOPLE, pk=pk
    )


def history(*, violation: Violation) -> list:
    steps = list(workflow.history(violation).select_related("actor"))
    files = Attachment.objects.in_bulk([i for s in steps for i in s.attachment_ids])
    for s in steps:
        s.files = [files[i] for i in s.attachment_ids if i in files]
        s.from_label = RECTIFICATION.states.get(s.from_state, s.from_state)
        s.to_label = RECTIFICATION.states.get(s.to_state, s.to_state)
    return steps


def violation_attachment(*, actor: Actor, pk: int) -> Attachment:
    att = Attachment.objects.filter(pk=pk, owner_type="homestead.violation").first()
    if att is None or not actor.can(access.VIEW_PEOPLE, att.scope_path):
        raise Http404
    return att
