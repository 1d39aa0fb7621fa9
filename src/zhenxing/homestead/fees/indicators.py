"""有偿使用 figures: the households billed this year, and what their bills ask and what was paid."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.fees.models import FeeBill
from zhenxing.homestead.figures import homestead_indicator, today
from zhenxing.homestead.parcels.indicators import household_url
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS
from zhenxing.people.models import Household

BILL_COLUMNS = (
    Column("账单编号", lambda b: b.code, key="code"),
    Column("年度", lambda b: b.year, key="year", kind=int),
    Column("户编号", lambda b: b.household.number, key="household"),
    Column("户主", lambda b: b.household.head.name if b.household.head else "", key="head"),
    Column("村/社区", lambda b: b.village.name, key="village"),
    Column("收费事由", lambda b: b.get_reason_display(), key="reason"),
    Column("计费面积(m²)", lambda b: b.basis_area_m2, key="basis_area_m2", kind=numbers.SQUARE_METRES),
    Column("标准(元/m²)", lambda b: b.rate_yuan_per_m2, key="rate_yuan_per_m2", kind=numbers.YUAN),
    Column("应缴(元)", lambda b: b.amount_yuan, key="amount_yuan", kind=numbers.YUAN),
    Column("已缴(元)", lambda b: b.paid_yuan, key="paid_yuan", kind=numbers.YUAN),
    Column("减免(元)", lambda b: b.reduced_yuan, key="reduced_yuan", kind=numbers.YUAN),
    Column("未缴(元)", lambda b: b.outstanding_yuan, key="outstanding_yuan", kind=numbers.YUAN),
    Column("状态", lambda b: b.status_label, key="status_label"),
)


def bill_url(b) -> str:
    return reverse("homestead:fee_bill", args=[b.pk])


def _bills_this_year(period=None):
    """The bills of this year, or of the years a period touches (bills are yearly)."""
    years = (period.start.year, period.end.year) if period else (today().year,) * 2
    return FeeBill.objects.filter(year__gte=years[0], year__lte=years[1]).select_related(
        "village", "household__head")


def _households_billed(period=None):
    billed = _bills_this_year(period).filter(household=OuterRef("pk"))
    return Household.objects.filter(Exists(billed)).select_related("village", "head")


BY_YEAR = {"at_period": _bills_this_year}


registry.register(
    homestead_indicator("fee_households", "有偿使用户数", "户", _households_billed, HOUSEHOLD_COLUMNS,
                        household_url, 75, applies_to=(), at_period=_households_billed,
                        description="本年度（或所选期间所在年度）开具有偿使用费账单的户"),
    homestead_indicator("fees_due", "有偿使用费应收", "元", _bills_this_year, BILL_COLUMNS, bill_url, 76,
                        sum_field="amount_yuan", kind=numbers.MONEY,
                        description="本年度（或所选期间所在年度）账单应缴金额（减免前）", **BY_YEAR),
    homestead_indicator("fees_paid", "有偿使用费实收", "元", _bills_this_year, BILL_COLUMNS, bill_url, 77,
                        sum_field="paid_yuan", kind=numbers.MONEY,
                        description="本年度（或所选期间所在年度）账单已缴金额",
                        **BY_YEAR),
)
