"""吹哨报到 as indicators (强治理): the cases, those resolved and those overdue, counted up to the village
and opening to the cases."""

from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.workflows import CASE, OPEN
from zhenxing.governance.figures import GROUP, UP_TO_VILLAGE
from zhenxing.orgs import access

CASE_COLUMNS = (
    Column("案件编号", lambda c: c.code),
    Column("上报时间", lambda c: c.created_at),
    Column("村/社区", lambda c: c.village.name),
    Column("事项类别", lambda c: c.category.name if c.category else ""),
    Column("主办部门", lambda c: c.lead_department.name if c.lead_department else ""),
    Column("状态", lambda c: CASE.states.get(c.state, c.state)),
)


def _cases(**filters):
    return lambda: Case.objects.filter(**filters).select_related("village", "category", "lead_department")


def _overdue_cases():
    return _cases(state__in=OPEN)().filter(due_at__lt=timezone.now())


def _case_indicator(key, name, records, order, description, **time):
    return Indicator(f"governance.{key}", name, "件", GROUP, records, CASE_COLUMNS, **time,
                     detail_url=lambda c: reverse("governance:case", args=[c.pk]), order=order,
                     drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE, description=description)


registry.register(
    _case_indicator("cases", "案件", _cases(), 120, "上报的全部案件（含已结案）", period_field="created_at"),
    _case_indicator("cases_resolved", "已办结案件", _cases(resolved_at__isnull=False), 121,
                    "部门办结或村级办结的案件", period_field="resolved_at"),
    _case_indicator("cases_overdue", "超期案件", _overdue_cases, 122, "未结案且已过本环节时限的案件"),
)
