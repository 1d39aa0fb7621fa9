"""强治理 figures (visits, cases, mediation, teams) as indicators, each with its drill-down; each
part of the app registers its own."""

from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.governance.models import Activity, Case, Team, Visit
from zhenxing.governance.workflows_cases import CASE, OPEN
from zhenxing.orgs import access, codes

GROUP = "强治理"

VISIT_COLUMNS = (
    Column("走访日期", lambda v: v.visited_on),
    Column("户编号", lambda v: v.household.number),
    Column("户主", lambda v: v.household.head.name if v.household.head else ""),
    Column("村/社区", lambda v: v.household.village.name),
    Column("事由", lambda v: v.get_purpose_display()),
    Column("需跟进", lambda v: v.follow_up_needed),
    Column("走访人", lambda v: v.visitor.get_full_name() or v.visitor.username if v.visitor else ""),
)


def _visits():
    return Visit.objects.select_related("household__head", "household__village", "visitor")


registry.register(
    Indicator("governance.visits", "入户走访次数", "次", GROUP, _visits, VISIT_COLUMNS, order=125,
              detail_url=lambda v: reverse("people:household", args=[v.household_id]),
              drill_capability=access.VIEW_PEOPLE),
)


# --- 党员服务队、突击队 ---------------------------------------------------------------------------------

TEAM_COLUMNS = (
    Column("队伍名称", lambda t: t.name),
    Column("类型", lambda t: t.get_kind_display()),
    Column("所属单位", lambda t: t.org_unit.name),
    Column("成立日期", lambda t: t.founded_on),
)
ACTIVITY_COLUMNS = (
    Column("日期", lambda a: a.held_on),
    Column("队伍", lambda a: a.team.name),
    Column("类型", lambda a: a.get_kind_display()),
    Column("活动名称", lambda a: a.title),
)


def _team_url(t) -> str:
    return reverse("governance:team", args=[t.pk])


def _teams(kind):
    return lambda: Team.objects.filter(kind=kind).select_related("org_unit")


def _activities():
    return Activity.objects.select_related("team")


registry.register(
    Indicator("governance.service_teams", "党员服务队", "支", GROUP, _teams("service"), TEAM_COLUMNS,
              detail_url=_team_url, order=126, drill_capability=access.VIEW_PEOPLE),
    Indicator("governance.assault_teams", "党员突击队", "支", GROUP, _teams("assault"), TEAM_COLUMNS,
              detail_url=_team_url, order=127, drill_capability=access.VIEW_PEOPLE),
    Indicator("governance.team_activities", "队伍活动次数", "次", GROUP, _activities, ACTIVITY_COLUMNS,
              detail_url=lambda a: _team_url(a.team), order=128, drill_capability=access.VIEW_PEOPLE),
    Indicator("governance.volunteer_hours", "志愿服务时长", "小时", GROUP, _activities, ACTIVITY_COLUMNS,
              sum_field="hours__hours", detail_url=lambda a: _team_url(a.team), order=129,
              drill_capability=access.VIEW_PEOPLE),
)


# --- 吹哨报到 ---------------------------------------------------------------------------------------------

CASE_LEVELS = tuple(codes.LEVELS[: codes.LEVELS.index("village") + 1])
CASE_COLUMNS = (
    Column("案件编号", lambda c: c.code),
    Column("上报时间", lambda c: timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M")),
    Column("村/社区", lambda c: c.village.name),
    Column("事项类别", lambda c: c.category.name if c.category else ""),
    Column("主办部门", lambda c: c.lead_department.name if c.lead_department else ""),
    Column("状态", lambda c: CASE.states.get(c.state, c.state)),
)


def _cases(**filters):
    return lambda: Case.objects.filter(**filters).select_related("village", "category", "lead_department")


def _overdue_cases():
    return _cases(state__in=OPEN)().filter(due_at__lt=timezone.now())


def _case_indicator(key, name, records, order, description):
    return Indicator(f"governance.{key}", name, "件", GROUP, records, CASE_COLUMNS,
                     detail_url=lambda c: reverse("governance:case", args=[c.pk]), order=order,
                     drill_capability=access.VIEW_PEOPLE, applies_to=CASE_LEVELS, description=description)


registry.register(
    _case_indicator("cases", "案件", _cases(), 120, "上报的全部案件（含已结案）"),
    _case_indicator("cases_resolved", "已办结案件", _cases(resolved_at__isnull=False), 121,
                    "部门办结或村级办结的案件"),
    _case_indicator("cases_overdue", "超期案件", _overdue_cases, 122, "未结案且已过本环节时限的案件"),
)
