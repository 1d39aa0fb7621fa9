"""Reads of 闲置盘活: idle parcels with their surveys, and revitalisation projects, limited to the actor's
scope (VIEW_PEOPLE, like the parcels they are about); outside the scope answers 404."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise.models import IdleSurvey, ProjectParcel, RevitalisationProject
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit

SURVEYED = [("yes", "已调查"), ("no", "未调查")]


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
    idle = Parcel.objects.filter(use_status="idle").select_related("village", "household__head")
    qs = _with_latest_survey(access.register_rows(idle, actor, access.VIEW_PEOPLE))
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


def _with_latest_survey(qs: QuerySet[Parcel]) -> QuerySet[Parcel]:
    latest = IdleSurvey.objects.filter(parcel=OuterRef("pk")).order_by("-surveyed_on", "-pk")
    return qs.annotate(
        **{
            f"survey_{name}": Subquery(latest.values(name)[:1])
            for name in ("surveyed_on", "idle_kind", "condition", "intention", "surveyor")
        }
    )


def idle_parcel(*, actor: Actor, pk: int) -> Parcel:
    """One parcel as the idle register shows it, idle or not (a surveyed parcel may have joined a project
    since), 404 outside the scope."""
    return access.get_scoped(
        _with_latest_survey(Parcel.objects.select_related("village", "household__head")),
        actor, access.VIEW_PEOPLE, pk=pk,
    )


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
    qs = access.register_rows(
        RevitalisationProject.objects.select_related("village"), actor, access.VIEW_PEOPLE
    ).annotate(
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
