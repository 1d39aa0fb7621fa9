from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import audit
from zhenxing.core.indicators import registry
from zhenxing.core.models import IndicatorTarget
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit


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
    if amount < 0:
        raise ValidationError({"value": "目标值不能为负数"})
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
