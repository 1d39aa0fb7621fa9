"""Writes of 评理说事: points and their 说事员, registering a dispute, its steps, its case file.

Whoever holds MEDIATE over the level where a dispute sits mediates it: village staff at their village
(groups included), street staff above. An escalation moves the dispute's path to the unit above, so
the level below can no longer act, and restarts the one-month limit.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, numbering, workflow
from zhenxing.core.models import Attachment
from zhenxing.governance.dates import past_problem
from zhenxing.governance.mediation.models import Dispute, DisputeParty, MediationPoint, Mediator
from zhenxing.governance.mediation.workflows import CASE_FILE, DISPUTE, MEDIATOR, OPEN_STATES
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person

audit_labels.declare({
    "governance.mediation_point.create": "新建评理说事点",
    "governance.mediator.add": "添加说事员",
    "governance.dispute.register": "登记矛盾纠纷",
    "governance.dispute.attach": "矛盾纠纷上传材料",
}, keys={"point": "评理说事点", "level": "调解层级", "parties": "当事人", "mediators": "说事员",
         "slot": "材料类别"},
    lists=("parties", "mediators"), objects={"governance.disputeparty": "纠纷当事人"})

LIMIT = timedelta(days=30)
OWNER_PREFIX = "governance.dispute."  # + the case-file slot: an attachment's place in the 卷宗


@dataclass
class Party:
    name: str
    person: Person | None = None


def _village(unit: OrgUnit) -> None:
    if unit is None or unit.level != "village":
        raise ValidationError({"village": "请选择村/社区"})


@transaction.atomic
def create_point(*, actor, village: OrgUnit, name: str, address: str, open_hours: str) -> MediationPoint:
    _village(village)
    access.require(actor, access.MEDIATE, village.path)
    errors = {}
    if MediationPoint.objects.filter(village=village).exists():
        errors["village"] = f"{village.name}已设评理说事点"
    for field, value, label in (("name", name, "名称"), ("address", address, "地址"),
                                ("open_hours", open_hours, "开放时间")):
        if not value.strip():
            errors[field] = f"请填写{label}"
    if errors:
        raise ValidationError(errors)
    point = MediationPoint.objects.create(
        village=village, name=name.strip()[:100], address=address.strip()[:200],
        open_hours=open_hours.strip()[:100], path=village.path)
    audit.record(actor=actor.user, action="governance.mediation_point.create", obj=point,
                 changes={"village": village.code, "name": point.name})
    return point


@transaction.atomic
def add_mediator(*, actor, point: MediationPoint, person: Person | None, kind: str, since: date | None
                 ) -> Mediator:
    access.require(actor, access.MEDIATE, point.path)
    errors = {}
    if person is None:
        errors["person"] = "请选择说事员（本村人员）"
    elif not person.path.startswith(point.path):
        errors["person"] = f"{person.name}不是{point.village.name}的人员"
    elif Mediator.objects.filter(person=person, point=point).exists():
        errors["person"] = f"{person.name}已是本点说事员"
    if kind not in dict(Mediator.KINDS):
        errors["kind"] = "请选择说事员身份"
    problem = past_problem(since, "任职日期")
    if problem:
        errors["since"] = problem
    if errors:
        raise ValidationError(errors)
    mediator = Mediator.objects.create(person=person, point=point, kind=kind, since=since, path=point.path)
    audit.record(actor=actor.user, action="governance.mediator.add", obj=mediator,
                 changes={"point": point.pk, "person": person.pk, "kind": kind})
    return mediator


def _level_unit(village: OrgUnit, level: str, group: OrgUnit | None) -> OrgUnit:
    if level == "group":
        if group is None or group.level != "group" or group.parent_id != village.pk:
            raise ValidationError({"group": f"组级调解须选择{village.name}的村民小组"})
        return group
    if level == "street":
        return village.parent
    return village


@transaction.atomic
def register_dispute(*, actor, village: OrgUnit, level: str, group: OrgUnit | None, kind: str,
                     description: str, parties: list[Party], mediators: list[Mediator]) -> Dispute:
    _village(village)
    if level not in dict(Dispute.LEVELS):
        raise ValidationError({"level": "请选择调解层级"})
    unit = _level_unit(village, level, group)
    access.require(actor, access.MEDIATE, unit.path)
    errors = {}
    named = [p for p in parties if p.name.strip()]
    if len(named) < 2:
        errors["parties"] = "当事人至少两方，请填写姓名"
    for p in named:
        if p.person is not None and not actor.can(access.VIEW_PEOPLE, p.person.path):
            errors["parties"] = f"当事人“{p.name}”关联的人员不在您的管辖范围内"
    if kind not in dict(Dispute.KINDS):
        errors["kind"] = "请选择纠纷类型"
    if not description.strip():
        errors["description"] = "请填写纠纷简要情况"
    if any(not m.path.startswith(village.path) for m in mediators):
        errors["mediators"] = f"说事员应为{village.name}评理说事点的说事员"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    dispute = Dispute(village=village, level=level, kind=kind, description=description.strip(),
                      registered_at=now, limit_at=now + LIMIT, path=unit.path, created_by=actor.user)
    workflow.start(workflow=DISPUTE, record=dispute, now=now)
    dispute.due_at = dispute.limit_at
    numbering.save_with_code(dispute, "TJ", timezone.localdate(now).year)
    DisputeParty.objects.bulk_create(DisputeParty(dispute=dispute, name=p.name.strip()[:50], person=p.person)
                                     for p in named)
    dispute.mediators.set(mediators)
    audit.record(actor=actor.user, action="governance.dispute.register", obj=dispute,
                 changes={"level": level, "kind": kind, "parties": [p.name.strip() for p in named],
                          "mediators": [m.pk for m in mediators]})
    return dispute


def workflow_roles(actor, dispute: Dispute) -> set[str]:
    return {MEDIATOR} if actor.can(access.MEDIATE, dispute.path) else set()


def next_level(dispute: Dispute) -> tuple[str, OrgUnit] | None:
    if dispute.level == "group":
        return "village", dispute.village
    if dispute.level == "village":
        return "street", dispute.village.parent
    return None  # 难事不出镇: the street is the last level of 评理说事


def _check(dispute: Dispute, transition: str, data: dict) -> None:
    if transition == "mediate" and data.get("way") not in dict(Dispute.WAYS):
        raise ValidationError({"way": "请选择评理方式（依法断、集体断、乡贤断、协商断）"})
    if transition == "agree" and data.get("agreement") not in dict(Dispute.AGREEMENTS):
        raise ValidationError({"agreement": "请选择协议形式（书面或口头）"})
    if transition == "follow_up" and data.get("performance") not in dict(Dispute.PERFORMANCE):
        raise ValidationError({"performance": "请选择履行情况"})
    if transition == "escalate" and next_level(dispute) is None:
        raise ValidationError({"transition": "已在街道调解，不能再升级（难事不出镇）"})


@transaction.atomic
def take_step(*, actor, dispute: Dispute, transition: str, comment: str = "", data: dict | None = None
              ) -> Dispute:
    access.require(actor, access.MEDIATE, dispute.path)
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in (data or {}).items()}
    # Only the dispute row: PostgreSQL cannot lock the outer-joined side (OrgUnit.parent is nullable).
    locked = Dispute.objects.select_for_update(of=("self",)).select_related("village__parent").get(
        pk=dispute.pk)
    _check(locked, transition, data)
    now = timezone.now()
    workflow.advance(workflow=DISPUTE, record=locked, transition=transition, user=actor.user,
                     roles=workflow_roles(actor, locked), comment=comment, data=data, now=now)
    changed = {}
    if transition == "mediate":
        changed["way"] = data["way"]
    elif transition == "agree":
        changed.update(agreement=data["agreement"], agreement_text=data["agreement_text"], agreed_at=now)
    elif transition == "follow_up":
        changed.update(performance=data["performance"], follow_up=data["follow_up"])
    elif transition in ("close", "terminate"):
        changed["closed_at"] = now
    elif transition == "escalate":
        level, unit = next_level(locked)
        changed.update(level=level, path=unit.path, limit_at=now + LIMIT)
    for field, value in changed.items():
        setattr(locked, field, value)
    locked.due_at = locked.limit_at if locked.state in OPEN_STATES else None
    locked.save(update_fields=[*changed, "due_at"])
    if transition == "escalate":
        audit.record(actor=actor.user, action="governance.dispute.escalate", obj=locked,
                     changes={"level": [dispute.level, locked.level], "path": [dispute.path, locked.path]})
    dispute.refresh_from_db()
    return dispute


@transaction.atomic
def attach(*, actor, dispute: Dispute, slot: str, upload) -> Attachment:
    access.require(actor, access.MEDIATE, dispute.path)
    if slot not in dict(CASE_FILE):
        raise ValidationError({"slot": "请选择卷宗材料类别"})
    att = attachments.store(upload=upload, owner_type=OWNER_PREFIX + slot, owner_id=str(dispute.pk),
                            scope_path=dispute.path, user=actor.user)
    audit.record(actor=actor.user, action="governance.dispute.attach", obj=dispute,
                 changes={"slot": slot, "attachment": att.name, "sha256": att.sha256})
    return att
