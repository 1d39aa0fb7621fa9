"""执法监管 figures: violations found, still open, and past their rectification deadline."""

from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.enforcement.models import Violation
from zhenxing.homestead.figures import homestead_indicator

VIOLATION_COLUMNS = (
    Column("案件编号", lambda v: v.code),
    Column("村/社区", lambda v: v.village.name),
    Column("违法类型", lambda v: v.get_kind_display()),
    Column("发现日期", lambda v: v.found_on),
    Column("整改期限", lambda v: v.deadline),
    Column("状态", lambda v: {"pending": "待整改", "rectifying": "整改中", "rectified": "已整改",
                             "closed": "已结案"}.get(v.state, v.state)),
)


def violation_url(v) -> str:
    return reverse("homestead:violation", args=[v.pk])


def _violations(**extra):
    return lambda: Violation.objects.filter(**extra).select_related("village")


def _overdue_violations():
    # Read at each call: "overdue" is relative to now (core.workflow.overdue, on the open states).
    open_cases = Violation.objects.filter(state__in=("pending", "rectifying"))
    return open_cases.filter(due_at__lt=timezone.now()).select_related("village")


def _indicator(key, name, records, order, **time):
    return homestead_indicator(key, name, "宗", records, VIOLATION_COLUMNS, violation_url, order, **time)


registry.register(
    _indicator("violations", "违法违规宗数", _violations(), 84, period_field="found_on"),
    _indicator("violations_open", "未结案违法违规", lambda: _violations()().exclude(state="closed"), 85),
    _indicator("violations_overdue", "超期未整改", _overdue_violations, 86),
)
