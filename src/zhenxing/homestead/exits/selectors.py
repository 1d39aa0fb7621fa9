"""Reads of 自愿有偿退出, limited to the actor's scope like the parcel register."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhenxing.core import workflow
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit


@dataclass
class ExitFilter:
    q: str = ""
    village: str = ""
    state: str = ""


def exits(*, actor: Actor, filters: ExitFilter | None = None) -> QuerySet[ExitApplication]:
    access.require(actor, access.VIEW_PEOPLE)
    qs = access.scoped(
        ExitApplication.objects.select_related("parcel", "village", "household__head"),
        actor,
        access.VIEW_PEOPLE,
    )
    f = filters or ExitFilter()
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(
            Q(code__startswith=q.upper())
            | Q(parcel__code__startswith=q.upper())
            | Q(household__head__name__startswith=q)
        )
    if f.village:
        qs = under_unit(qs, f.village)
    if f.state:
        qs = qs.filter(state=f.state)
    return qs.order_by("path", "code")


def exit_application(*, actor: Actor, pk: int) -> ExitApplication:
    return access.get_scoped(
        ExitApplication.objects.select_related("parcel", "village", "household__head", "created_by"),
        actor,
        access.VIEW_PEOPLE,
        pk=pk,
    )


def exit_history(*, record: ExitApplication):
    return workflow.history(record).select_related("actor")
