"""评理说事 as indicators (group 评理说事): points count by their village; disputes by the village they arose
in, wherever they are mediated now (an escalated one stays in its village's figures)."""

from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Indicator, registry
from zhenxing.governance.figures import UP_TO_VILLAGE
from zhenxing.governance.mediation.models import Dispute, MediationPoint
from zhenxing.governance.mediation.selectors import DISPUTE_COLUMNS, POINT_COLUMNS, dispute_url, point_url
from zhenxing.governance.mediation.workflows import OPEN_STATES, RESOLVED_STATES
from zhenxing.orgs import access


def _disputes():
    return Dispute.objects.select_related("village")


def _dispute_indicator(key, name, records, order, description, **time):
    return Indicator(f"governance.{key}", name, "件", "评理说事", records, DISPUTE_COLUMNS, **time,
                     path_field="village__path", detail_url=dispute_url, order=order,
                     drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE, description=description)


registry.register(
    Indicator("governance.mediation_points", "评理说事点", "个", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=130, drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
              valid_from="created_at",
              description="设有评理说事点的村（每村一个）"),
    Indicator("governance.mediation_coverage", "评理说事点覆盖率", "", "评理说事",
              lambda: MediationPoint.objects.select_related("village"), POINT_COLUMNS, detail_url=point_url,
              order=131, drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
              ratio_of=("governance.mediation_points", "org.villages"), kind=numbers.PERCENT,
              description="设有评理说事点的村 ÷ 村/社区数（100% 即全覆盖）"),
    _dispute_indicator("disputes", "登记矛盾纠纷", _disputes, 132, "评理说事点登记的全部矛盾纠纷",
                       period_field="registered_at"),
    _dispute_indicator("disputes_resolved", "调解成功纠纷",
                       lambda: _disputes().filter(state__in=RESOLVED_STATES), 133,
                       "达成书面或口头调解协议的纠纷（含已回访、已结案）", period_field="agreed_at"),
    _dispute_indicator("disputes_overdue", "超期未结纠纷",
                       lambda: _disputes().filter(state__in=OPEN_STATES, due_at__lt=timezone.now()), 134,
                       "在调解且已过一个月调解期限（升级后重新起算）的纠纷"),
)
