"""申请审批 figures: applications filed, open, overdue, approved and registered."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, registry
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.applications.workflows import APPLICATION, IN_PROGRESS, STATES
from zhenxing.homestead.figures import homestead_indicator

APPLICATION_COLUMNS = (
    Column("申请编号", lambda a: a.code, key="code"),
    Column("申请户", lambda a: a.household.head.name if a.household.head else a.household.number,
           key="household"),
    Column("村/社区", lambda a: a.village.name, key="village"),
    Column("类型", lambda a: a.get_kind_display(), key="kind"),
    Column("拟用地(m²)", lambda a: a.site_area_m2, key="site_area_m2", kind=numbers.SQUARE_METRES),
    Column("状态", lambda a: STATES[a.state], key="state_label"),
    Column("办理时限", lambda a: timezone.localtime(a.due_at).date() if a.due_at else None, key="due_on",
           kind=date),
    Column("超期", lambda a: "是" if a.due_at and a.due_at < timezone.now() and a.state not in
           APPLICATION.final else "", key="overdue"),
)


def application_url(a) -> str:
    return reverse("homestead:application", args=[a.pk])


def _applications(**filters):
    return lambda: Application.objects.filter(**filters).select_related("village", "household__head")


def _open_applications():
    return _applications()().filter(state__in=IN_PROGRESS)


def _overdue_applications():
    return _open_applications().filter(due_at__lt=timezone.now())


def _indicator(key, name, records, order, description="", **time):
    return homestead_indicator(key, name, "件", records, APPLICATION_COLUMNS, application_url, order,
                               description=description, **time)


registry.register(
    _indicator("applications", "宅基地申请", _applications(), 90, "全部申请（含已办结）",
               period_field="created_at", period_label="申请时间"),
    _indicator("applications_open", "在办申请", _open_applications, 91,
               "已提交、尚未办结的申请（不含待提交和已退回）"),
    _indicator("applications_overdue", "超期申请", _overdue_applications, 92,
               "在办且已过本环节办理时限的申请"),
    _indicator("applications_approved", "已批准申请", _applications(approved_on__isnull=False), 93,
               "已出具《农村宅基地批准书》的申请", period_field="approved_on"),
    _indicator("applications_registered", "已登记申请", _applications(state="registered"), 94),
)
