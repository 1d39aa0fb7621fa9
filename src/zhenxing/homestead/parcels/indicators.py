"""The regional ledger (区域台账) of parcels as indicators, each with its drill-down.

Parcels sit on their village's path, so parcel figures mean something from the village up; households
sit on their grid's path, so "households with a homestead" is counted down to the grid.
一户多宅 and 超占 are household-level facts over all of a household's parcels (which may lie in
other villages), which a path-grouped count of one table cannot express: they are the lists of the
资格权 page instead.
"""

from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.figures import homestead_indicator
from zhenxing.homestead.parcels.models import House, Parcel
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS
from zhenxing.people.models import Household

PARCEL_COLUMNS = (
    Column("宗地代码", lambda p: p.code, key="code"),
    Column("坐落", lambda p: p.location, key="location"),
    Column("面积(m²)", lambda p: p.area_m2, key="area_m2", kind=numbers.SQUARE_METRES),
    Column("面积(亩)", lambda p: p.area_mu, key="area_mu", kind=Decimal),
    Column("用途", lambda p: p.get_use_display(), key="use"),
    Column("权利人", lambda p: p.household.head.name if p.household and p.household.head else "",
           key="holder"),
    Column("建设状态", lambda p: p.get_build_status_display(), key="build_status"),
    Column("利用状态", lambda p: p.get_use_status_display(), key="use_status"),
    Column("确权", lambda p: p.get_certification_display(), key="certification"),
    Column("村/社区", lambda p: p.village.name, key="village"),
)


def parcel_url(p: Parcel) -> str:
    return reverse("homestead:parcel", args=[p.pk])


def household_url(h: Household) -> str:
    return reverse("people:household", args=[h.pk])


def parcels_where(**extra):
    """The records of a parcel figure: the parcels matching `extra`, read when the figure is computed."""
    return lambda: Parcel.objects.filter(**extra).select_related("village", "household__head")


def parcel_indicator(key, name, unit, records, order, sum_field=None):
    # An area added up over a village or more reads in 亩 (core.numbers.AREA).
    return homestead_indicator(key, name, unit, records, PARCEL_COLUMNS, parcel_url, order,
                               sum_field=sum_field, kind=numbers.AREA if sum_field else numbers.NUMBER)


def _with_houses():
    return parcels_where()().filter(Exists(House.objects.filter(parcel=OuterRef("pk"))))


def _households_with_homestead():
    return Household.objects.filter(Exists(Parcel.objects.filter(household=OuterRef("pk")))).select_related(
        "village", "head"
    )


registry.register(
    parcel_indicator("parcels", "宅基地宗数", "宗", parcels_where(), 60),
    parcel_indicator("parcel_area", "宅基地面积", "m²", parcels_where(), 61, sum_field="area_m2"),
    parcel_indicator("certified", "已确权登记", "宗", parcels_where(certification="certified"), 62),
    parcel_indicator("idle", "闲置宗数", "宗", parcels_where(use_status="idle"), 63),
    parcel_indicator("idle_area", "闲置面积", "m²", parcels_where(use_status="idle"), 64,
                     sum_field="area_m2"),
    parcel_indicator("revitalised", "盘活宗数", "宗", parcels_where(use_status="revitalised"), 65),
    parcel_indicator(
        "revitalised_area", "盘活面积", "m²", parcels_where(use_status="revitalised"), 66, sum_field="area_m2"
    ),
    *(
        parcel_indicator(status, name, "宗", parcels_where(build_status=status), order)
        for status, name, order in (
            ("approved_built", "已批已建", 67),
            ("approved_unbuilt", "已批未建", 68),
            ("unapproved_built", "未批先建", 69),
        )
    ),
    parcel_indicator("with_houses", "有房屋宗数", "宗", _with_houses, 70),
    homestead_indicator("households", "有宅基地户数", "户", _households_with_homestead, HOUSEHOLD_COLUMNS,
                        household_url, 71, applies_to=()),
)

# Averages of the regional ledger (区域台账): area per household holding a homestead, and per registered
# person. They open to the parcels whose area they spread.
registry.register(*(
    homestead_indicator(key, name, "m²", parcels_where(), PARCEL_COLUMNS, parcel_url, order,
                        ratio_of=("homestead.parcel_area", denominator), description=description,
                        kind=numbers.SQUARE_METRES)
    for key, name, denominator, order, description in (
        ("area_per_household", "户均宅基地面积", "homestead.households", 71.1, "宅基地面积 ÷ 有宅基地户数"),
        ("area_per_person", "人均宅基地面积", "people.population", 71.2, "宅基地面积 ÷ 户籍人口"),
    )
))
