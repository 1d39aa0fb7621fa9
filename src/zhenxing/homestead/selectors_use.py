"""Reads of 流转, 有偿使用 and 自愿有偿退出, each limited to the actor's scope like the parcel register.

A contract's 生效/已到期/已终止 and a bill's 未缴/部分缴纳/已缴清/已减免 are conditions on dates and
amounts, so a status filter is a WHERE clause and nothing needs updating when a date passes.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.feedback import whole_number
from zhenxing.homestead.models import ExitApplication, FeeBill, Parcel, TransferContract
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


def parcel_by_code(*, actor: Actor, code: str) -> Parcel | None:
    """A parcel in scope by its 宗地代码 (None if none), for the forms that name one."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        access.scoped(Parcel.objects.select_related("household__head", "village"), actor, access.VIEW_PEOPLE)
        .filter(code=code)
        .first()
    )


def parcel_contracts(*, parcel: Parcel) -> QuerySet[TransferContract]:
    return parcel.transfers.order_by("-starts_on", "code")


# --- 有偿使用 ------------------------------------------------------------------------------------------


def bill_status_q(status: str) -> Q:
    settled = Q(amount_yuan__lte=F("paid_yuan") + F("reduced_yuan"))  # nothing outstanding
    return {
        "unpaid": ~settled & Q(paid_yuan=0),
        "partial": ~settled & Q(paid_yuan__gt=0),
        "paid": settled & Q(reduced_yuan=0),
        "waived": settled & Q(reduced_yuan__gt=0),
    }.get(status, Q())


@dataclass
class BillFilter:
    q: str = ""  # 账单编号 or 户编号 prefix, or the head's name
    village: str = ""
    year: str = ""
    reason: str = ""
    status: str = ""


def bills(*, actor: Actor, filters: BillFilter | None = None) -> QuerySet[FeeBill]:
    access.require(actor, access.VIEW_PEOPLE)
    qs = access.scoped(
        FeeBill.objects.select_related("village", "household__head"), actor, access.VIEW_PEOPLE
    )
    f = filters or BillFilter()
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(
            Q(code__startswith=q.upper())
            | Q(household__number__startswith=q)
            | Q(household__head__name__startswith=q)
        )
    if f.village:
        qs = under_unit(qs, f.village)
    if whole_number(f.year, 4) is not None:
        qs = qs.filter(year=whole_number(f.year, 4))
    if f.reason:
        qs = qs.filter(reason=f.reason)
    if f.status:
        qs = qs.filter(bill_status_q(f.status))
    return qs.order_by("-year", "path", "code")


def bill(*, actor: Actor, pk: int) -> FeeBill:
    return access.get_scoped(
        FeeBill.objects.select_related("village", "household__head", "household__village"),
        actor,
        access.VIEW_PEOPLE,
        pk=pk,
    )


def bill_years(*, actor: Actor) -> list[tuple[str, str]]:
    years = bills(actor=actor).order_by().values_list("year", flat=True).distinct()
    return [(str(y), f"{y}年") for y in sorted(set(years), reverse=True)]


# --- 自愿有偿退出 --------------------------------------------------------------------------------------


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
