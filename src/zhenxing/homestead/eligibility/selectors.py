"""Reads of 资格权: the households in scope with their parcels' count and area and the 资格权 flags.

The flags themselves are household-level facts over parcels (homestead.parcels.selectors: FLAGS,
multiple_households, over_cap_households, non_local_parcel), so the parcel register filters by them too;
here every flag filter is one grouped query over parcels used as an `IN (...)` subquery, and the per-row
figures are correlated subqueries evaluated only for the rows of the shown page."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.parcels.selectors import (
    AREA,
    area_cap,
    held_parcels,
    multiple_households,
    over_cap_households,
)
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.models import Household
from zhenxing.people.selectors import under_unit


@dataclass
class EligibilityFilter:
    q: str = ""  # 户编号 or 户主 name prefix
    village: str = ""
    flag: str = ""  # one of FLAGS
    eligible: str = ""  # "yes" / "no"


def _per_household():
    return Parcel.objects.filter(household=OuterRef("pk")).order_by().values("household")


def eligibility(*, actor: Actor, filters: EligibilityFilter | None = None) -> QuerySet[Household]:
    """Households in scope with their parcels' count and area and the flags' inputs.

    Eligibility (资格权) is held by a collective-member household registered in its village. A household
    is flagged 非本村村民使用 when it uses a parcel in another village, or uses any parcel without
    being a collective member.
    """
    access.require(actor, access.VIEW_PEOPLE)
    count = _per_household().annotate(c=Count("pk")).values("c")
    residential = _per_household().filter(use="residential").annotate(c=Count("pk")).values("c")
    area = _per_household().annotate(s=Sum("area_m2")).values("s")
    elsewhere = Parcel.objects.filter(household=OuterRef("pk")).exclude(village=OuterRef("village"))
    qs = access.scoped(
        Household.objects.select_related("village", "head"), actor, access.VIEW_PEOPLE
    ).annotate(
        parcel_count=Coalesce(Subquery(count), 0),
        residential_count=Coalesce(Subquery(residential), 0),
        total_area=Coalesce(Subquery(area, output_field=AREA), Value(Decimal("0")), output_field=AREA),
        uses_elsewhere=Exists(elsewhere),
        # The cap is read once per page, not once per row (it is a policy lookup, homestead.policies.rules).
        area_cap=Value(area_cap(), output_field=AREA),
    )
    f = filters or EligibilityFilter()
    if f.q:
        qs = qs.filter(Q(number__startswith=f.q.strip()) | Q(head__name__startswith=f.q.strip()))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.eligible == "yes":
        qs = qs.filter(collective_member=True)
    elif f.eligible == "no":
        qs = qs.filter(collective_member=False)
    # The grouped subqueries only cover the parcels of households in scope, wherever the parcels lie.
    held = access.scoped(held_parcels(), actor, access.VIEW_PEOPLE, field="household__path")
    if f.flag == "multiple":
        qs = qs.filter(pk__in=multiple_households(held))
    elif f.flag == "over_cap":
        qs = qs.filter(pk__in=over_cap_households(held))
    elif f.flag == "non_local":
        qs = qs.filter(
            Q(pk__in=held.exclude(village=F("household__village")).values("household"))
            | Q(collective_member=False, pk__in=held.values("household"))
        )
    return qs.order_by("path", "number")


def household_flags(h: Household) -> dict[str, bool]:
    """The flags of a row from `eligibility` (reads its annotations, no query)."""
    return {
        "multiple": h.residential_count > 1,
        "over_cap": h.total_area > h.area_cap,
        "non_local": h.uses_elsewhere or (not h.collective_member and h.parcel_count > 0),
    }



def household(*, actor: Actor, pk: int) -> Household:
    """One household of the register, with its figures; 404 outside the actor's scope."""
    return access.first_or_404(eligibility(actor=actor), pk=pk)
