"""Writes of 包保: an assignment of a person to a unit (or of a department to its duty), and its end."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit, audit_labels
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access
from zhenxing.orgs.models import Department, OrgUnit

audit_labels.declare({
    "mechanisms.duty.assign": "确定包保责任",
    "mechanisms.duty.end": "结束包保责任",
}, keys={"kind": "类型", "unit": "包保单位", "holder": "责任人", "subject": "包保事项",
         "started_on": "起始日期", "ended_on": "结束日期"})

# The level of unit each kind answers for: a leader's 联系点 and a street cadre's village are villages; a
# leadership member's 包街联村 is a street and its villages; a department's duty is the county's.
LEVELS = {"liaison": ("village",), "street": ("town", "village"), "village": ("village",),
          "secretary": ("village",), "department": ("county",)}
LEVEL_NAMES = {"village": "村（社区）", "town": "街道（乡镇）", "county": "区（县）"}


@transaction.atomic
def assign_duty(*, actor, kind: str, org_unit: OrgUnit | None, holder_name: str, holder_title: str = "",
                subject: str = "", started_on: date | None, department: Department | None = None,
                user=None) -> Duty:
    access.require(actor, access.MANAGE_TASKS)
    errors = {}
    if kind not in dict(Duty.KINDS):
        errors["kind"] = "请选择包保类型"
    if org_unit is None:
        errors["unit"] = "请填写包保单位"
    elif kind in LEVELS and org_unit.level not in LEVELS[kind]:
        errors["unit"] = f"{dict(Duty.KINDS)[kind]}的包保单位应为" + "或".join(
            LEVEL_NAMES[lv] for lv in LEVELS[kind])
    if org_unit is not None:
        access.require(actor, access.MANAGE_TASKS, org_unit.path)
    if kind == "department" and department is None:
        errors["department"] = "部门职责须选择部门"
    elif kind != "department" and department is not None:
        errors["department"] = "只有部门职责填写部门"
    elif department is not None and org_unit is not None and not org_unit.path.startswith(department.path):
        errors["department"] = f"{department.name}不属于{org_unit.name}"
    if not (holder_name or "").strip() and kind != "department":
        errors["holder_name"] = "请填写责任人"
    if kind == "department" and not (subject or "").strip():
        errors["subject"] = "请填写部门职责"
    if started_on is None:
        errors["started_on"] = "请填写起始日期"
    elif started_on > timezone.localdate():
        errors["started_on"] = "起始日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    duty = Duty.objects.create(
        kind=kind, org_unit=org_unit, path=org_unit.path, department=department,
        holder_name=(holder_name or "").strip() or (department.name if department else ""),
        holder_title=(holder_title or "").strip(), subject=(subject or "").strip(), started_on=started_on,
        user=user)
    audit.record(actor=actor.user, action="mechanisms.duty.assign", obj=duty,
                 changes={"kind": kind, "unit": org_unit.name, "holder": duty.holder_name,
                          "subject": duty.subject, "started_on": started_on.isoformat()})
    return duty


@transaction.atomic
def end_duty(*, actor, duty: Duty, ended_on: date | None) -> Duty:
    duty = Duty.objects.select_for_update().get(pk=duty.pk)
    access.require(actor, access.MANAGE_TASKS, duty.path)
    errors = {}
    if duty.ended_on is not None:
        errors["ended_on"] = f"该包保责任已于{duty.ended_on:%Y-%m-%d}结束"
    elif ended_on is None:
        errors["ended_on"] = "请填写结束日期"
    elif ended_on < duty.started_on:
        errors["ended_on"] = "结束日期不能早于起始日期"
    if errors:
        raise ValidationError(errors)
    duty.ended_on = ended_on
    duty.save(update_fields=["ended_on"])
    audit.record(actor=actor.user, action="mechanisms.duty.end", obj=duty,
                 changes={"holder": duty.holder_name, "ended_on": ended_on.isoformat()})
    return duty
