"""党员服务队、突击队 as indicators (强治理): the teams of each kind, their activities and the volunteer
hours, each opening to the teams or activities."""

from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.governance.figures import GROUP
from zhenxing.governance.teams.models import Activity, Team
from zhenxing.orgs import access

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
              detail_url=_team_url, order=126, drill_capability=access.VIEW_PEOPLE, valid_from="founded_on"),
    Indicator("governance.assault_teams", "党员突击队", "支", GROUP, _teams("assault"), TEAM_COLUMNS,
              detail_url=_team_url, order=127, drill_capability=access.VIEW_PEOPLE, valid_from="founded_on"),
    Indicator("governance.team_activities", "队伍活动次数", "次", GROUP, _activities, ACTIVITY_COLUMNS,
              detail_url=lambda a: _team_url(a.team), order=128, drill_capability=access.VIEW_PEOPLE,
              period_field="held_on"),
    Indicator("governance.volunteer_hours", "志愿服务时长", "小时", GROUP, _activities, ACTIVITY_COLUMNS,
              sum_field="hours__hours", detail_url=lambda a: _team_url(a.team), order=129,
              drill_capability=access.VIEW_PEOPLE, period_field="held_on"),
)
