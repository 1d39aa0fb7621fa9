"""强治理 figures (visits, cases, mediation, teams) as indicators, each with its drill-down; each
part of the app registers its own."""

from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.governance.figures import GROUP
from zhenxing.governance.models import Case, Dispute, MediationPoint
from zhenxing.governance.selectors_mediation import DISPUTE_COLUMNS, POINT_COLUMNS, dispute_url, point_url
from zhenxing.governance.workflows_cases import CASE, OPEN
from zhenxing.governance.workflows_mediation import OPEN_STATES, RESOLVED_STATES
from zhenxing.orgs import access, codes

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


# --- 评理说事: points count by their village; disputes by the village they arose in, wherever they are
# mediated now (an escalated one stays in its village's figures). ---------------------------------------

UP_TO_VILLAGE = tuple(codes.LEVELS[: codes.LEVELS.index("village") + 1])


def _disputes():
    return Dispute.objects.select_related("village")


def _dispute_indicator(key, name, records, order, description):
    return Indicator(f"governance.{key}", name, "件", "评理说事", records, DISPUTE_COLUMNS,
                     path_field="village__path", detail_url=dispute_url, order=order,
                     drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE, description=description)


registry.register(
    Indicator("governance.mediation_points", "评理说事点", "个", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=130, drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
              description="设有评理说事点的村（每村一个）"),
    Indicator("governance.mediation_coverage", "评理说事点覆盖率", "", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=131, drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
              ratio_of=("governance.mediation_points", "org.villages"),
              description="设有评理说事点的村 ÷ 村/社区数（1.00 即全覆盖）"),
    _dispute_indicator("disputes", "登记矛盾纠纷", _disputes, 132, "评理说事点登记的全部矛盾纠纷"),
    _dispute_indicator("disputes_resolved", "调解成功纠纷",
                       lambda: _disputes().filter(state__in=RESOLVED_STATES), 133,
                       "达成书面或口头调解协议的纠纷（含已回访、已结案）"),
    _dispute_indicator("disputes_overdue", "超期未结纠纷",
                       lambda: _disputes().filter(state__in=OPEN_STATES, due_at__lt=timezone.now()), 134,
                       "在调解且已过一个月调解期限（升级后重新起算）的纠纷"),
)
