"""Writes of 执法监管 (module 9): inspections, violations and their rectification (the workflow of
homestead.enforcement.workflows)."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, workdays, workflow
from zhenxing.core.numbering import save_with_code
from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.enforcement.workflows import OPEN, RECTIFICATION
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.policies import rules
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

audit_labels.declare({
    "homestead.inspection.add": "登记巡查检查",
    "homestead.violation.add": "登记违法违规",
}, keys={"inspected_on": "检查日期", "inspectors": "检查人员", "found_on": "发现日期",
         "deadline": "整改期限"})


def _check_village(village: OrgUnit | None, actor) -> None:
    if village is None:
        raise ValidationError({"village": "请选择村/社区"})
    access.require(actor, access.MANAGE_HOMESTEAD, village.path)
    if village.level != "village":
        raise ValidationError({"village": "请选择村或社区"})


def _check_day(errors: dict, name: str, day: date | None, label: str) -> None:
    if day is None:
        errors[name] = f"请填写{label}"
    elif day > timezone.localdate():
        errors[name] = f"{label}不能晚于今天"


@transaction.atomic
def add_inspection(
    *, actor, village: OrgUnit | None, inspected_on: date | None, inspectors: str, kind: str, findings: str
) -> Inspection:
    _check_village(village, actor)
    errors = {}
    _check_day(errors, "inspected_on", inspected_on, "检查日期")
    if not (inspectors or "").strip():
        errors["inspectors"] = "请填写检查人员"
    if kind not in dict(Inspection.KINDS):
        errors["kind"] = "请从列表中选择检查类型"
    if not (findings or "").strip():
        errors["findings"] = "请填写检查情况"
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        village=village,
        path=village.path,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        kind=kind,
        findings=findings.strip(),
        created_by=actor.user,
    )
    audit.record(
        actor=actor.user,
        action="homestead.inspection.add",
        obj=inspection,
        changes={
            "village": village.name,
            "inspected_on": inspected_on,
            "kind": kind,
            "inspectors": inspectors,
        },
    )
    return inspection


def rectification_deadline(found_on: date) -> date:
    """整改期限: the rule's number of working days after the day the violation was found."""
    return workdays.add_working_days(found_on, rules.value("rectify_working_days", found_on))


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def add_violation(
    *,
    actor,
    village: OrgUnit | None,
    kind: str,
    found_on: date | None,
    description: str,
    parcel: Parcel | None = None,
    inspection: Inspection | None = None,
) -> Violation:
    """A violation in 待整改 with its rectification deadline; a parcel, when named, decides the village."""
    if parcel is not None:
        village = parcel.village
    _check_village(village, actor)
    errors = {}
    if kind not in dict(Violation.KINDS):
        errors["kind"] = "请从列表中选择违法类型"
    _check_day(errors, "found_on", found_on, "发现日期")
    if not (description or "").strip():
        errors["description"] = "请填写情况描述"
    if inspection is not None and inspection.village_id != village.pk:
        errors["inspection"] = "来源检查不是在该村进行的"
    if errors:
        raise ValidationError(errors)
    deadline = rectification_deadline(found_on)
    violation = Violation(
        village=village,
        path=village.path,
        parcel=parcel,
        inspection=inspection,
        kind=kind,
        found_on=found_on,
        description=description.strip(),
        deadline=deadline,
        created_by=actor.user,
    )
    workflow.start(workflow=RECTIFICATION, record=violation)
    violation.due_at = end_of(deadline)
    save_with_code(violation, "WF", found_on.year, width=4)
    audit.record(
        actor=actor.user,
        action="homestead.violation.add",
        obj=violation,
        changes={
            "kind": kind,
            "found_on": found_on,
            "deadline": deadline,
            "parcel": parcel.code if parcel else "",
            "village": village.name,
        },
    )
    return violation


def roles_over(actor, path: str) -> set[str]:
    """The actor's roles that hold MANAGE_HOMESTEAD over `path` (what the workflow's roles are matched on)."""
    return {
        g.role for g in actor.grants if access.MANAGE_HOMESTEAD in g.capabilities and path.startswith(g.path)
    }


@transaction.atomic
def act(*, actor, violation: Violation, transition: str, comment: str = "", uploads=()) -> Violation:
    """Take one step of the rectification; closing needs evidence files and a note."""
    access.require(actor, access.MANAGE_HOMESTEAD, violation.path)
    roles = roles_over(actor, violation.path)
    step = RECTIFICATION.transition(transition)
    if not step.roles & roles:
        raise ValidationError({"transition": f"您的角色不能执行“{step.label}”"})
    ids = [
        attachments.store(
            upload=f,
            owner_type="homestead.violation",
            owner_id=str(violation.pk),
            scope_path=violation.path,
            user=actor.user,
        ).pk
        for f in uploads
    ]
    workflow.advance(
        workflow=RECTIFICATION,
        record=violation,
        transition=transition,
        user=actor.user,
        roles=roles,
        comment=(comment or "").strip(),
        attachment_ids=ids,
    )
    # The rectification deadline does not restart with each step: it runs until the case is rectified.
    violation.due_at = end_of(violation.deadline) if violation.state in OPEN else None
    Violation.objects.filter(pk=violation.pk).update(due_at=violation.due_at)
    return violation
