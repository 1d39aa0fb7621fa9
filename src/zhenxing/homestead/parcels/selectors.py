"""Reads of the homestead registers (基础信息, 资格权), each limited to the actor's scope.

The 资格权 flags are household-level facts (how many residential parcels, how much area, where the
parcels lie), so every flag filter is one grouped query over parcels used as an `IN (...)` subquery,
and the per-row figures are correlated subqueries evaluated only for the rows of the shown page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.urls import reverse

from zhenxing.homestead.parcels.models import House, Parcel
from zhenxing.homestead.policies import rules
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit

FLAGS = [
    ("multiple", "一户多宅"),
    ("over_cap", "超占"),
    ("non_local", "非本村村民使用"),
]
AREA = DecimalField(max_digits=14, decimal_places=2)


def area_cap() -> Decimal:
    return rules.value("area_cap_m2")


@dataclass
class ParcelFilter:
    q: str = ""  # 宗地代码 / 不动产单元号 prefix, or part of 坐落
    village: str = ""  # org unit code; any unit under it
    build_status: str = ""
    use_status: str = ""
    certification: str = ""
    flag: str = ""  # one of FLAGS


def held_parcels():
    return Parcel.objects.filter(household__isnull=False).order_by()


def multiple_households(held: QuerySet | None = None) -> QuerySet:
    """Households holding more than one residential parcel (一户多宅), among the holders of `held`."""
    return (
        (held_parcels() if held is None else held)
        .filter(use="residential")
        .values("household")
        .annotate(c=Count("pk"))
        .filter(c__gt=1)
        .values("household")
    )


def over_cap_households(held: QuerySet | None = None) -> QuerySet:
    """Households whose parcels add up to more than the area cap (超占), among the holders of `held`."""
    held = held_parcels() if held is None else held
    return held.values("household").annotate(s=Sum("area_m2")).filter(s__gt=area_cap()).values("household")


def non_local_parcel() -> Q:
    """A parcel used by a household registered in another village, or by a non-member household."""
    return Q(household__isnull=False) & (
        ~Q(village=F("household__village")) | Q(household__collective_member=False)
    )


def parcels(*, actor: Actor, filters: ParcelFilter | None = None) -> QuerySet[Parcel]:
    access.require(actor, access.VIEW_PEOPLE)  # a register is not there for roles without it
    qs = access.scoped(Parcel.objects.select_related("village", "household__head"), actor, access.VIEW_PEOPLE)
    f = filters or ParcelFilter()
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(code__startswith=q.upper()) | Q(unit_number__startswith=q.upper()) | Q(location__contains=q)
        )
    if f.village:
        qs = under_unit(qs, f.village)
    for field in ("build_status", "use_status", "certification"):
        if getattr(f, field):
            qs = qs.filter(**{field: getattr(f, field)})
    if f.flag == "multiple":
        qs = qs.filter(household__in=multiple_households())
    elif f.flag == "over_cap":
        qs = qs.filter(household__in=over_cap_households())
    elif f.flag == "non_local":
        qs = qs.filter(non_local_parcel())
    return qs.order_by("path", "code")


def parcel(*, actor: Actor, pk: int) -> Parcel:
    return access.get_scoped(
        Parcel.objects.select_related("village", "household__head", "household__village"),
        actor,
        access.VIEW_PEOPLE,
        pk=pk,
    )


def houses(*, parcel: Parcel) -> QuerySet[House]:
    return parcel.houses.order_by("id")


def parcel_flags(*, parcel: Parcel) -> list[str]:
    """The 资格权 flags of the parcel's household, as labels in FLAGS order (one query)."""
    household = parcel.household
    if household is None:
        return []
    totals = Parcel.objects.filter(household=household).aggregate(
        residential=Count("pk", filter=Q(use="residential")), area=Sum("area_m2")
    )
    found = {
        "multiple": totals["residential"] > 1,
        "over_cap": (totals["area"] or 0) > area_cap(),
        "non_local": parcel.village_id != household.village_id or not household.collective_member,
    }
    return [label for key, label in FLAGS if found[key]]


def parcel_records(*, parcel: Parcel) -> list[tuple[str, str, str, str]]:
    """(module, code, what, url) of everything recorded on one parcel in the other modules, newest first
    per module: its applications, contracts, exit, project, idle surveys and violations. The parcel is
    already in the actor's scope, and so are these (they sit in its village).

    The other modules sit above this one (their tables point at the parcel), so they are read through the
    relations they declare on it, not imported."""
    applications = parcel.applications.model.objects  # an application's new site or the parcel it replaces
    rows = []
    for a in applications.filter(Q(parcel=parcel) | Q(old_parcel=parcel)).order_by("-created_at"):
        rows.append(("申请审批", a.code, f"{a.get_kind_display()}，{a.state_label}",
                     reverse("homestead:application", args=[a.pk])))
    for c in parcel.transfers.order_by("-starts_on"):
        rows.append(("流转", c.code, f"{c.get_kind_display()}，{c.starts_on} 至 {c.ends_on}",
                     reverse("homestead:transfer", args=[c.pk])))
    for e in parcel.exits.order_by("-pk"):
        rows.append(("自愿有偿退出", e.code, e.state_label,
                     reverse("homestead:exit", args=[e.pk])))
    for link in parcel.project_links.select_related("project").order_by("-linked_on"):
        status = f"{link.linked_on} 纳入" + (f"，{link.released_on} 退出" if link.released_on else "")
        rows.append(("闲置盘活", link.project.code, f"{link.project.name}（{status}）",
                     reverse("homestead:project", args=[link.project.pk])))
    for v in parcel.violations.order_by("-found_on"):
        rows.append(("执法监管", v.code, f"{v.get_kind_display()}，发现于 {v.found_on}",
                     reverse("homestead:violation", args=[v.pk])))
    return rows


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

