"""Reads of 执法监管: inspections and violations, limited to the actor's scope (VIEW_PEOPLE, like the parcels
they are about); outside the scope answers 404."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import Attachment
from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.enforcement.workflows import OPEN, RECTIFICATION
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.selectors import under_unit


@dataclass
class InspectionFilter:
    village: str = ""
    kind: str = ""
    q: str = ""


def inspections(*, actor: Actor, filters: InspectionFilter | None = None) -> QuerySet[Inspection]:
    f = filters or InspectionFilter()
    qs = access.register_rows(Inspection.objects.select_related("village"), actor, access.VIEW_PEOPLE)
    qs = qs.annotate(violation_count=Count("violations"))
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


def _violations() -> QuerySet[Violation]:
    return Violation.objects.select_related("village", "parcel")


def violations(*, actor: Actor, filters: ViolationFilter | None = None) -> QuerySet[Violation]:
    f = filters or ViolationFilter()
    qs = access.register_rows(_violations(), actor, access.VIEW_PEOPLE)
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
    in_scope = access.register_rows(_violations(), actor, access.VIEW_PEOPLE)
    rows = list(overdue_of(in_scope).order_by("path", "due_at"))
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
