from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import audit, audit_labels
from zhenxing.core.indicators import registry
from zhenxing.core.models import IndicatorTarget
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

audit_labels.declare({"target.set": "设定指标目标值"})

# IndicatorTarget.value holds 18 digits, two of them after the point.
CENTS = Decimal("0.01")
LARGEST = Decimal(10) ** 16


@transaction.atomic
def set_target(*, actor, indicator_key: str, unit: OrgUnit, year: int, value: str) -> IndicatorTarget:
    access.require(actor, access.SET_TARGETS, unit.path)
    if registry.get(indicator_key) is None:
        raise ValidationError({"indicator": f"未知指标“{indicator_key}”"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在2000-2100之间"})
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError({"value": f"目标值“{value}”不是数字"}) from exc
    if not amount.is_finite():  # "NaN", "Infinity": Decimal reads them, but they are no target
        raise ValidationError({"value": f"目标值“{value}”不是数字"})
    if amount < 0:
        raise ValidationError({"value": "目标值不能为负数"})
    if amount >= LARGEST - CENTS / 2:  # what rounds to 10¹⁶ or above (rounding 10²⁰ would even raise)
        raise ValidationError({"value": "目标值过大：应小于一亿亿（10¹⁶）"})
    # As stored, so that the audit record says what was kept ("-0" is 0).
    amount = amount.copy_abs().quantize(CENTS, ROUND_HALF_UP)
    target = (
        IndicatorTarget.objects.select_for_update()
        .filter(indicator=indicator_key, scope_path=unit.path, year=year)
        .first()
    )
    before = str(target.value) if target else None
    if target is None:
        target = IndicatorTarget(indicator=indicator_key, scope_path=unit.path, year=year)
    target.value, target.set_by = amount, actor.user
    target.save()
    audit.record(
        actor=actor.user,
        action="target.set",
        object_type="core.indicatortarget",
        object_id=str(target.pk),
        object_repr=f"{indicator_key} {unit.name} {year}",
        scope_path=unit.path,
        changes={"value": [before, str(amount)]},
    )
    return target
