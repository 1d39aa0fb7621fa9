"""Reads of 流转, limited to the actor's scope like the parcel register.

A contract's 生效/已到期/已终止 is a condition on its dates, so a status filter is a WHERE clause and nothing
needs updating when a date passes.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit

EXPIRY_WINDOW_DAYS = 60
EXPIRY_CHOICES = [("soon", f"{EXPIRY_WINDOW_DAYS}天内到期"), ("expired", "已到期")]


def _today() -> date:
    return timezone.localdate()


def contract_status_q(status: str, today: date | None = None) -> Q:
    today = today or _today()
    return {
        "active": Q(terminated_on__isnull=True, ends_on__gte=today),
        "expired": Q(terminated_on__isnull=True, ends_on__lt=today),
        "terminated": Q(terminated_on__isnull=False),
    }.get(status, Q())


def active_contracts() -> QuerySet[TransferContract]:
    return TransferContract.objects.filter(contract_status_q("active"))


@dataclass
class TransferFilter:
    q: str = ""  # 合同编号 / 宗地代码 prefix, or part of the transferee's name
    village: str = ""
    kind: str = ""
    purpose: str = ""
    status: str = ""


def _contracts(actor: Actor) -> QuerySet[TransferContract]:
    access.require(actor, access.VIEW_PEOPLE)
    return access.scoped(
        TransferContract.objects.select_related("parcel", "village", "household__head"),
        actor,
        access.VIEW_PEOPLE,
    )


def transfers(*, actor: Actor, filters: TransferFilter | None = None) -> QuerySet[TransferContract]:
    qs = _contracts(actor)
    f = filters or TransferFilter()
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(
            Q(code__startswith=q.upper())
            | Q(parcel__code__startswith=q.upper())
            | Q(transferee_name__contains=q)
        )
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.purpose:
        qs = qs.filter(purpose=f.purpose)
    if f.status:
        qs = qs.filter(contract_status_q(f.status))
    return qs.order_by("path", "code")


def expiring(*, actor: Actor, village: str = "", which: str = "") -> QuerySet[TransferContract]:
    """Contracts not terminated that end within the window or have ended: soonest (most overdue) first."""
    today = _today()
    qs = _contracts(actor).filter(
        terminated_on__isnull=True, ends_on__lte=today + timedelta(EXPIRY_WINDOW_DAYS)
    )
    if which == "soon":
        qs = qs.filter(ends_on__gte=today)
    elif which == "expired":
        qs = qs.filter(ends_on__lt=today)
    if village:
        qs = under_unit(qs, village)
    return qs.order_by("ends_on", "code")


def transfer(*, actor: Actor, pk: int) -> TransferContract:
    return access.get_scoped(
        TransferContract.objects.select_related("parcel", "village", "household__head", "created_by"),
        actor,
        access.VIEW_PEOPLE,
        pk=pk,
    )



def parcel_contracts(*, parcel: Parcel) -> QuerySet[TransferContract]:
    return parcel.transfers.order_by("-starts_on", "code")
