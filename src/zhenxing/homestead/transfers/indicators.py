"""流转 figures: the contracts in force today (transfers and mortgages apart) and the area they cover."""

from datetime import date

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.figures import homestead_indicator, today
from zhenxing.homestead.transfers.models import TransferContract

TRANSFER_COLUMNS = (
    Column("合同编号", lambda c: c.code, key="code"),
    Column("宗地代码", lambda c: c.parcel.code, key="parcel"),
    Column("村/社区", lambda c: c.village.name, key="village"),
    Column("流出方", lambda c: c.household.head.name if c.household.head else c.household.number,
           key="transferor"),
    Column("流转方式", lambda c: c.get_kind_display(), key="kind"),
    Column("流入方", lambda c: c.transferee_name, key="transferee_name"),
    Column("用途", lambda c: c.get_purpose_display(), key="purpose"),
    Column("起始日期", lambda c: c.starts_on, key="starts_on", kind=date),
    Column("终止日期", lambda c: c.ends_on, key="ends_on", kind=date),
    Column("年租金(元)", lambda c: c.rent_yuan, key="rent_yuan", kind=numbers.YUAN),
    Column("面积(m²)", lambda c: c.parcel.area_m2, key="area_m2", kind=numbers.SQUARE_METRES),
    Column("状态", lambda c: c.status_label(today()), key="status_label"),
)


def transfer_url(c) -> str:
    return reverse("homestead:transfer", args=[c.pk])


def _contracts_in_force(**kinds):
    def records(period=None):
        day = min(period.end, today()) if period else today()
        return TransferContract.objects.filter(terminated_on__isnull=True, starts_on__lte=day,
                                               ends_on__gte=day, **kinds).select_related(
            "parcel", "village", "household__head")
    return records


def _transfers_in_force(period=None):
    return _contracts_in_force()(period).exclude(kind="mortgage")


def _indicator(key, name, records, order, **options):
    return homestead_indicator(key, name, options.pop("unit", "宗"), records, TRANSFER_COLUMNS, transfer_url,
                               order, **options)


registry.register(
    _indicator("transfers", "流转宗数", _transfers_in_force, 72, at_period=_transfers_in_force,
               description="今日（或所选期间最后一天）在合同期内的出租、转让、入股合同"),
    _indicator("transfer_area", "流转面积", _transfers_in_force, 73, at_period=_transfers_in_force, unit="m²",
               sum_field="parcel__area_m2",
               kind=numbers.AREA,
               description="在期流转合同所涉宗地面积"),
    _indicator("mortgages", "抵押宗数", _contracts_in_force(kind="mortgage"), 74,
               at_period=_contracts_in_force(kind="mortgage"),
               description="今日（或所选期间最后一天）在期的抵押合同"),
)
