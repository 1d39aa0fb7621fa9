"""强治理 figures (cases, 三率, mediation, teams) as indicators, each with its drill-down; each part of
the app registers its own below."""

# --- mediation (评理说事) ---
# Points count by their village; disputes by the village they arose in, wherever they are mediated now
# (an escalated one stays in its village's figures).
from django.utils import timezone as _tz  # noqa: E402

from zhenxing.core.indicators import Indicator, registry  # noqa: E402
from zhenxing.governance.models import Dispute, MediationPoint  # noqa: E402
from zhenxing.governance.selectors_mediation import (  # noqa: E402
    DISPUTE_COLUMNS,
    POINT_COLUMNS,
    dispute_url,
    point_url,
)
from zhenxing.governance.workflows_mediation import OPEN_STATES, RESOLVED_STATES  # noqa: E402
from zhenxing.orgs import access as _access  # noqa: E402
from zhenxing.orgs import codes as _codes  # noqa: E402

_UP_TO_VILLAGE = tuple(_codes.LEVELS[: _codes.LEVELS.index("village") + 1])


def _disputes():
    return Dispute.objects.select_related("village")


def _dispute_indicator(key, name, records, order, description):
    return Indicator(f"governance.{key}", name, "件", "评理说事", records, DISPUTE_COLUMNS,
                     path_field="village__path", detail_url=dispute_url, order=order,
                     drill_capability=_access.VIEW_PEOPLE, applies_to=_UP_TO_VILLAGE, description=description)


registry.register(
    Indicator("governance.mediation_points", "评理说事点", "个", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=130, drill_capability=_access.VIEW_PEOPLE, applies_to=_UP_TO_VILLAGE,
              description="设有评理说事点的村（每村一个）"),
    Indicator("governance.mediation_coverage", "评理说事点覆盖率", "", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=131, drill_capability=_access.VIEW_PEOPLE, applies_to=_UP_TO_VILLAGE,
              ratio_of=("governance.mediation_points", "org.villages"),
              description="设有评理说事点的村 ÷ 村/社区数（1.00 即全覆盖）"),
    _dispute_indicator("disputes", "登记矛盾纠纷", _disputes, 132, "评理说事点登记的全部矛盾纠纷"),
    _dispute_indicator("disputes_resolved", "调解成功纠纷",
                       lambda: _disputes().filter(state__in=RESOLVED_STATES), 133,
                       "达成书面或口头调解协议的纠纷（含已回访、已结案）"),
    _dispute_indicator("disputes_overdue", "超期未结纠纷",
                       lambda: _disputes().filter(state__in=OPEN_STATES, due_at__lt=_tz.now()), 134,
                       "在调解且已过一个月调解期限（升级后重新起算）的纠纷"),
)
# --- end mediation ---

# --- service teams (党员服务队、突击队) ---
from zhenxing.governance.models import Mission, MissionHours, ServiceTeam  # noqa: E402
from zhenxing.governance.selectors_teams import (  # noqa: E402
    HOURS_COLUMNS,
    MISSION_COLUMNS,
    TEAM_COLUMNS,
    team_url,
)


def _team_indicator(key, name, unit, records, columns, order, description, detail_url, sum_field=None):
    return Indicator(f"governance.{key}", name, unit, "党员服务队", records, columns, sum_field=sum_field,
                     detail_url=detail_url, order=order, drill_capability=_access.VIEW_PEOPLE,
                     description=description)


def _this_year(field):
    return {f"{field}__year": _tz.localdate().year}


registry.register(
    _team_indicator("service_teams", "党员服务队", "支",
                    lambda: ServiceTeam.objects.filter(kind="service").select_related("org_unit"),
                    TEAM_COLUMNS, 140, "以村为单位组建的党员服务队", team_url),
    _team_indicator("assault_teams", "党员突击队", "支",
                    lambda: ServiceTeam.objects.filter(kind="assault").select_related("org_unit"),
                    TEAM_COLUMNS, 141, "街道、区组建的党员突击队（急难险重任务）", team_url),
    _team_indicator("team_missions", "本年任务与活动", "次",
                    lambda: Mission.objects.filter(**_this_year("held_on")).select_related("team"),
                    MISSION_COLUMNS, 142, "本年度服务队、突击队开展的任务与志愿服务活动",
                    lambda m: team_url(m.team)),
    _team_indicator("volunteer_hours", "本年志愿服务时长", "小时",
                    lambda: MissionHours.objects.filter(**_this_year("mission__held_on")).select_related(
                        "member__person", "mission__team"), HOURS_COLUMNS, 143,
                    "本年度队员参加任务与活动的服务时长合计（积分制按时长计分）",
                    lambda h: team_url(h.mission.team), sum_field="hours"),
)
# --- end service teams ---
