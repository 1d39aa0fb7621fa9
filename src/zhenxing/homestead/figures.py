"""The shape every homestead indicator shares (统计分析, module 11): keys `homestead.*` in the group 宅基地,
a drill-down for roles that see the registers, and figures from the village up (homestead records sit on
their village's path, so a grid has none of them)."""

from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Indicator
from zhenxing.orgs import access, codes

GROUP = "宅基地"
UP_TO_VILLAGE = tuple(codes.LEVELS[: codes.LEVELS.index("village") + 1])


def today():
    return timezone.localdate()


def homestead_indicator(key, name, unit, records, columns, detail_url, order, *, sum_field=None,
                        description="", ratio_of=None, applies_to=UP_TO_VILLAGE,
                        kind=numbers.NUMBER, **time) -> Indicator:
    return Indicator(
        f"homestead.{key}", name, unit, GROUP, records, columns, sum_field=sum_field, detail_url=detail_url,
        order=order, drill_capability=access.VIEW_PEOPLE, applies_to=applies_to, ratio_of=ratio_of,
        description=description, kind=kind, **time,
    )
