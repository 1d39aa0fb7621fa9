"""任务清单 as indicators (建机制): the tasks falling due in a period, those done, done on time and overdue,
and the on-time rate; each opens to the tasks. A department's task counts at the plan's county."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Column, Indicator, registry, within
from zhenxing.mechanisms.figures import GROUP
from zhenxing.mechanisms.tasks.models import Task
from zhenxing.orgs import access

COLUMNS = (
    Column("年度", lambda t: t.item.plan.year),
    Column("事项", lambda t: str(t.item)),
    Column("任务内容", lambda t: t.content),
    Column("责任单位", lambda t: t.assignee.name),
    Column("完成时限", lambda t: t.due_on),
    Column("进度（%）", lambda t: t.progress, kind=numbers.NUMBER),
    Column("完成日期", lambda t: t.completed_on),
)


def _tasks():
    return Task.objects.select_related("item__plan", "org_unit", "department")


def _url(t) -> str:
    return reverse("mechanisms:task", args=[t.pk])


def _late():
    """Tasks past their deadline (before today) and not done by it."""
    return _tasks().filter(Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on")),
                           due_on__lt=timezone.localdate())


def _on_time():
    return _tasks().filter(completed_on__lte=F("due_on"))


def _due_in(records):
    return lambda period: records().filter(within(Task, "due_on", period))


def _common(**kw):
    return {"detail_url": _url, "drill_capability": access.VIEW_DASHBOARD, **kw}


registry.register(
    Indicator("mechanisms.tasks_due", "到期任务", "项", GROUP, _tasks, COLUMNS, order=10,
              period_field="due_on", **_common()),
    Indicator("mechanisms.tasks_done", "完成任务", "项", GROUP, _tasks, COLUMNS, order=11,
              period_field="completed_on", **_common()),
    Indicator("mechanisms.tasks_on_time", "按期完成任务", "项", GROUP, _on_time, COLUMNS, order=12,
              at_period=_due_in(_on_time), description="完成时限在所选期间、且在时限前完成的任务",
              **_common()),
    Indicator("mechanisms.tasks_overdue", "逾期任务", "项", GROUP, _late, COLUMNS, order=13,
              at_period=_due_in(_late), description="完成时限在所选期间（至今）、未按期完成的任务",
              **_common()),
    Indicator("mechanisms.tasks_on_time_rate", "任务按期完成率", "", GROUP, _tasks, COLUMNS, order=14,
              ratio_of=("mechanisms.tasks_on_time", "mechanisms.tasks_due"), kind=numbers.PERCENT,
              description="按期完成任务 ÷ 到期任务", **_common()),
)
