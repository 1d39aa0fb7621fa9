"""Reads of 有偿使用, limited to the actor's scope like the parcel register.

A bill's 未缴/部分缴纳/已缴清/已减免 is a condition on its amounts, so a status filter is a WHERE clause."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from zhenxing.core.feedback import whole_number
from zhenxing.homestead.fees.models import FeeBill
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit


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

