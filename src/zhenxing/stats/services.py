from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import audit, audit_labels, periods
from zhenxing.core.indicators import registry
from zhenxing.core.models import IndicatorTarget
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import snapshots

audit_labels.declare({"target.set": "设定指标目标值", "stats.refresh": "重新统计（生成快照）"})

# IndicatorTarget.value holds 18 digits, two of them after the point.
CENTS = Decimal("0.01")
LARGEST = Decimal(10) ** 16


@transaction.atomic
def set_target(*, actor, indicator_key: str, unit: OrgUnit, year: int, value: str,
               basis: str = IndicatorTarget.VALUE) -> IndicatorTarget:
    """A year's target for a unit: a value to reach, or (basis growth) a percent rate on the year before."""
    access.require(actor, access.SET_TARGETS, unit.path)
    if registry.get(indicator_key) is None:
        raise ValidationError({"indicator": f"未知指标“{indicator_key}”"})
    if basis not in (IndicatorTarget.VALUE, IndicatorTarget.GROWTH):
        raise ValidationError({"basis": "目标类型应为“目标值”或“比上年增长（%）”"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在2000-2100之间"})
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError({"value": f"目标值“{value}”不是数字"}) from exc
    if not amount.is_finite():  # "NaN", "Infinity": Decimal reads them, but they are no target
        raise ValidationError({"value": f"目标值“{value}”不是数字"})
    if amount < 0 and basis == IndicatorTarget.VALUE:
        raise ValidationError({"value": "目标值不能为负数"})
    if basis == IndicatorTarget.GROWTH and not -100 <= amount <= 10000:
        raise ValidationError({"value": "增长率应在 -100% 到 10000% 之间（按百分数填写，如 25 即增长25%）"})
    if amount >= LARGEST - CENTS / 2:  # what rounds to 10¹⁶ or above (rounding 10²⁰ would even raise)
        raise ValidationError({"value": "目标值过大：应小于一亿亿（10¹⁶）"})
    # As stored, so that the audit record says what was kept ("-0" is 0).
    amount = (amount if basis == IndicatorTarget.GROWTH else amount.copy_abs()).quantize(CENTS, ROUND_HALF_UP)
    if not amount:  # "-0" is 0
        amount = Decimal(0).quantize(CENTS)
    target = (
        IndicatorTarget.objects.select_for_update()
        .filter(indicator=indicator_key, scope_path=unit.path, year=year)
        .first()
    )
    before = f"{target.value}{'%' if target.basis == IndicatorTarget.GROWTH else ''}" if target else None
    if target is None:
        target = IndicatorTarget(indicator=indicator_key, scope_path=unit.path, year=year)
    target.value, target.basis, target.set_by = amount, basis, actor.user
    target.save()
    audit.record(
        actor=actor.user,
        action="target.set",
        object_type="core.indicatortarget",
        object_id=str(target.pk),
        object_repr=f"{indicator_key} {unit.name} {year}",
        scope_path=unit.path,
        changes={"value": [before, f"{amount}{'%' if basis == IndicatorTarget.GROWTH else ''}"]},
    )
    return target


@transaction.atomic
def request_refresh(*, actor, unit: OrgUnit, period: str = "") -> None:
    """Queue a recount of the unit's snapshot (the usual periods, and `period` if one is named); audited,
    since it is a district-wide job someone started."""
    access.require(actor, access.SET_TARGETS, unit.path)
    try:
        chosen = [periods.parse(period)] if period.strip() else []
    except periods.PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    keys = list(dict.fromkeys([p.key for p in snapshots.default_periods()] + [p.key for p in chosen]))
    transaction.on_commit(lambda: snapshots.refresh_job.enqueue(unit.path, keys))
    audit.record(actor=actor.user, action="stats.refresh", object_type="orgs.orgunit", object_id=str(unit.pk),
                 object_repr=unit.name, scope_path=unit.path, changes={"periods": [None, keys]})
