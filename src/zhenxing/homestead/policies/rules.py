"""The configurable homestead rules (area cap, fees, 公示 days) and where their values come from.

Each rule is declared once with its unit and a default. A rule's value on a date is the one set by the
policy in force that day (政策制度, module 10); with no such policy it is the default, and the page that
shows the value says it is the default. Callers ask `value(key)`; `source(key)` names the policy.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


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
        Rule("area_cap_m2", "每户宅基地面积上限", "m²",
             lambda: Decimal(settings.ZHENXING_HOMESTEAD_AREA_CAP_M2)),
        Rule("publicity_working_days", "公示期", "个工作日", 5),
        Rule("fee_over_area_yuan_per_m2", "超占面积有偿使用费", "元/m²·年", Decimal("5.00")),
        Rule("fee_multiple_yuan_per_m2", "一户多宅有偿使用费", "元/m²·年", Decimal("3.00")),
        Rule("fee_non_member_yuan_per_m2", "非本集体成员使用费", "元/m²·年", Decimal("4.00")),
        Rule("rectify_working_days", "违法违规整改期限", "个工作日", 20),
    )
}

# What a policy may set a rule to: a cap outside these bounds, a negative fee or a 公示 of more than
# a month is a typing error, not a policy.
BOUNDS = {
    "area_cap_m2": (Decimal(50), Decimal(2000)),
    "publicity_working_days": (1, 30),
    "fee_over_area_yuan_per_m2": (Decimal(0), Decimal(1000)),
    "fee_multiple_yuan_per_m2": (Decimal(0), Decimal(1000)),
    "fee_non_member_yuan_per_m2": (Decimal(0), Decimal(1000)),
    "rectify_working_days": (5, 120),
}


def is_whole(key: str) -> bool:
    """Whether the rule counts days (a whole number) rather than an amount."""
    return isinstance(RULES[key].default_value(), int)


def _in_force(key: str, on: date | None, with_source: bool = False):
    """The rule row of the version in force on `on`: one indexed query, read each time (no cache), so a
    policy entered a moment ago applies at once. Rules are district configuration, like the setting
    they replace, so this is not scoped: a deployment serves one district."""
    from zhenxing.homestead.policies.models import PolicyRule

    on = on or timezone.localdate()
    rows = PolicyRule.objects.select_related("version__policy") if with_source else PolicyRule.objects
    return (
        rows.filter(key=key, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from", "-pk")
        .first()
    )


def value(key: str, on: date | None = None):
    """The rule's value in force on `on` (today by default)."""
    rule = RULES[key]
    row = _in_force(key, on)
    if row is None:
        return rule.default_value()
    return int(row.value) if is_whole(key) else row.value


def source(key: str, on: date | None = None):
    """The policy version that sets the rule on `on` (its `.policy` is the policy), or None when the
    default applies."""
    row = _in_force(key, on, with_source=True)
    return row.version if row is not None else None
