"""Workflows declared as data, and the one function that moves a record along one.

A workflow names its states and transitions; each transition says from which states it may start,
where it goes, which roles may take it, the deadline of the state it enters (working days on the
official calendar, or hours) and what it requires (fields, attachments). A record under a workflow
inherits `WorkflowRecord`: its state, when it entered it and when the next step is due. Every move
appends a `WorkflowStep` (who, when, from, to, comment, attachments) and an audit event.

`advance` locks the record's row first, so two clicks on the same button make one step: the second
finds the state already changed and is refused. Overdue and near-overdue are queries on `due_at`.

Roles are plain strings here; the caller says which roles the actor holds over the record (core knows
nothing of the org tree).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from zhenxing.core import audit, notify, workdays
from zhenxing.core.models import WorkflowStep
from zhenxing.core.paths import PathField


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    # Deadline of the state entered. Either may be a function of the record, for limits that are
    # configuration (a rule in force, a catalogue entry) rather than part of the procedure.
    working_days: int | Callable[[object], int | None] | None = None
    hours: int | Callable[[object], int | None] | None = None
    required_fields: tuple[str, ...] = ()  # keys of `data` that must be non-empty
    required_attachments: int = 0
    comment_required: bool = False  # returns and rejections must say why
    # The question the page asks before taking a step that sets the record back or ends it (撤回, 退回, 驳回);
    # empty for the steps that move it forward.
    confirm: str = ""


registry: dict[str, "Workflow"] = {}


@dataclass(frozen=True)
class Workflow:
    key: str
    label: str
    states: dict[str, str]  # state -> Chinese label
    initial: str
    transitions: tuple[Transition, ...]
    final: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        unknown = {self.initial} | {s for t in self.transitions for s in (*t.sources, t.target)}
        unknown -= set(self.states)
        if unknown:
            raise ValueError(f"workflow {self.key}: undeclared states {sorted(unknown)}")
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"workflow {self.key}: transition names repeat")
        registry[self.key] = self  # the audit log names a step's event by its workflow (core.audit_labels)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise ValidationError({"transition": f"未知的操作“{name}”"})

    def available(self, state: str, roles: set[str]) -> list[Transition]:
        """What these roles may do from this state (the buttons to show)."""
        return [t for t in self.transitions if state in t.sources and t.roles & roles]


class WorkflowRecord(models.Model):
    """Fields every record under a workflow carries."""

    state = models.CharField("状态", max_length=32, db_index=True)
    state_since = models.DateTimeField("进入状态时间", default=timezone.now)
    due_at = models.DateTimeField("办理时限", null=True, blank=True, db_index=True)
    path = PathField(db_index=True)

    class Meta:
        abstract = True


def _limit(value, record):
    return value(record) if callable(value) else value


def due_after(start: datetime, transition: Transition, record=None) -> datetime | None:
    hours = _limit(transition.hours, record)
    if hours is not None:
        return start + timedelta(hours=hours)
    days = _limit(transition.working_days, record)
    if days is not None:
        day = workdays.add_working_days(timezone.localtime(start).date(), days)
        return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return None


def start(
    *, workflow: Workflow, record: WorkflowRecord, deadline: Transition | None = None, now=None
) -> None:
    """Put a new (unsaved) record in the initial state; `deadline` gives the first state's limit."""
    now = now or timezone.now()
    record.state, record.state_since = workflow.initial, now
    record.due_at = due_after(now, deadline, record) if deadline else None


@transaction.atomic
def advance(
    *,
    workflow: Workflow,
    record: WorkflowRecord,
    transition: str,
    user,
    roles: set[str],
    comment: str = "",
    data: dict | None = None,
    attachment_ids: list[int] | None = None,
    now: datetime | None = None,
) -> WorkflowStep:
    """Take one transition; raises ValidationError (Chinese) if it may not be taken now."""
    step = workflow.transition(transition)
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.state not in step.sources:
        current = workflow.states.get(locked.state, locked.state)
        raise ValidationError({"state": f"当前状态为“{current}”，不能执行“{step.label}”（可能已被他人办理）"})
    if not step.roles & roles:
        raise ValidationError({"transition": f"您的角色不能执行“{step.label}”"})
    data = data or {}
    missing = [name for name in step.required_fields if not data.get(name)]
    if missing:
        raise ValidationError({name: "此项必填" for name in missing})
    if step.comment_required and not comment.strip():
        raise ValidationError({"comment": f"“{step.label}”须填写理由"})
    attachment_ids = attachment_ids or []
    if len(attachment_ids) < step.required_attachments:
        raise ValidationError({"attachments": f"“{step.label}”须上传至少 {step.required_attachments} 份材料"})
    now = now or timezone.now()
    before = locked.state
    locked.state, locked.state_since, locked.due_at = step.target, now, due_after(now, step, locked)
    locked.save(update_fields=["state", "state_since", "due_at"])
    record.state, record.state_since, record.due_at = locked.state, locked.state_since, locked.due_at
    entry = WorkflowStep.objects.create(
        workflow=workflow.key,
        object_type=record._meta.label_lower,
        object_id=str(record.pk),
        scope_path=record.path,
        transition=step.name,
        from_state=before,
        to_state=step.target,
        actor=user,
        comment=comment,
        data=data,
        attachment_ids=attachment_ids,
        created_at=now,
    )
    audit.record(
        actor=user,
        action=f"{workflow.key}.{step.name}",
        obj=record,
        changes={"state": [before, step.target], "comment": comment},
    )
    notify.announce_step(workflow=workflow, record=record, step=entry, actor_user=user)
    return entry


def after_step(workflow: Workflow, record: WorkflowRecord, transition: str) -> str:
    """What the page says once a step is taken: what was done, where the record is, what comes next and
    by when (the forward steps from here; setbacks, which ask for confirmation, are not "next")."""
    step = workflow.transition(transition)
    state = workflow.states.get(record.state, record.state)
    if record.state in workflow.final:
        return f"已办理“{step.label}”，{workflow.label}已办结（{state}）。"
    text = f"已办理“{step.label}”，当前状态：{state}。"
    forward = [t.label for t in workflow.transitions if record.state in t.sources and not t.confirm]
    if forward:
        text += f"下一步：{'或'.join(forward)}"
        if record.due_at:
            text += f"（{timezone.localtime(record.due_at):%Y-%m-%d %H:%M} 前）"
        text += "。"
    return text


def history(record: WorkflowRecord) -> models.QuerySet:
    return WorkflowStep.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk)
    ).order_by("created_at", "pk")


def overdue(qs: models.QuerySet, now: datetime | None = None) -> models.QuerySet:
    return qs.filter(due_at__lt=now or timezone.now())


def near_overdue(qs: models.QuerySet, within: timedelta = timedelta(days=1), now=None) -> models.QuerySet:
    now = now or timezone.now()
    return qs.filter(due_at__gte=now, due_at__lt=now + within)
