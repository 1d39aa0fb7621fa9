"""自愿有偿退出 figures: the parcels the collective has recovered, and the compensation paid."""

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.homestead.figures import homestead_indicator

EXIT_COLUMNS = (
    Column("申请编号", lambda e: e.code, key="code"),
    Column("宗地代码", lambda e: e.parcel.code, key="parcel"),
    Column("村/社区", lambda e: e.village.name, key="village"),
    Column("退出户", lambda e: e.household.head.name if e.household.head else e.household.number,
           key="household"),
    Column("面积(m²)", lambda e: e.area_m2, key="area_m2", kind=numbers.SQUARE_METRES),
    Column("补偿总额(元)", lambda e: e.total_yuan, key="total_yuan", kind=numbers.YUAN),
    Column("保留资格权", lambda e: "是" if e.keeps_eligibility else "否", key="keeps_eligibility"),
    Column("已付补偿(元)", lambda e: e.compensation_paid_yuan, key="compensation_paid_yuan",
           kind=numbers.YUAN),
    Column("状态", lambda e: e.state_label, key="state_label"),
)


def exit_url(e) -> str:
    return reverse("homestead:exit", args=[e.pk])


def _exits(*states):
    return lambda: ExitApplication.objects.filter(state__in=states).select_related(
        "parcel", "village", "household__head")


registry.register(
    homestead_indicator("exits", "退出宗数", "宗", _exits("recovered"), EXIT_COLUMNS, exit_url, 78,
                        description="已由集体收回的自愿有偿退出宗地", period_field="recovered_on"),
    homestead_indicator("exit_area", "退出面积", "m²", _exits("recovered"), EXIT_COLUMNS, exit_url, 79,
                        sum_field="area_m2", kind=numbers.AREA, period_field="recovered_on"),
    homestead_indicator("exit_compensation", "退出补偿金额", "元", _exits("compensated", "recovered"),
                        EXIT_COLUMNS, exit_url, 80, sum_field="compensation_paid_yuan",
                        kind=numbers.MONEY, period_field="compensation_paid_on"),
)
