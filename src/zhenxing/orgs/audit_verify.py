"""校验审计链 for the security auditor, from the audit log page and the API: the walk of `zhenxing audit
verify` (core.audit.verify_chain), in the request while the chain is short enough, else as a background job.
Either way the verification is itself an audit event that carries its result, and the page shows the latest
one: who verified, when, and whether the chain is whole or at which event it first breaks."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

from zhenxing.core import audit, audit_labels, jobs
from zhenxing.core.models import AuditEvent, AuditHead
from zhenxing.orgs import access, names

ACTION = "audit.verify"
PROBLEMS_KEPT = 20  # a chain cut in many places is named by its first problems; the CLI lists them all

audit_labels.declare({ACTION: "校验审计链"}, keys={
    "ok": "审计链完整", "checked": "校验条数", "first_seq": "起始序号", "last_seq": "截止序号",
    "broken_seq": "首个断裂的事件序号", "problems": "问题"}, lists=("problems",))


@dataclass(frozen=True)
class Verification:
    ok: bool | None  # None: not known (running in the background, or the job was lost)
    checked: int = 0
    first_seq: int = 0
    last_seq: int = 0
    broken_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    at: datetime | None = None
    by: str = ""
    queued: bool = False  # running in the background now
    events: int = 0  # the chain's length when it was queued
    no_worker: bool = False  # queued, but no background worker is running to take it
    never: bool = False  # the chain was never verified

    @property
    def summary(self) -> str:
        if self.never:
            return "尚未校验过审计链。"
        if self.queued:
            stalled = "但后台任务进程没有运行，请联系系统管理员启动后台任务；" if self.no_worker else ""
            return (f"审计链共约 {self.events:,} 条事件，已转为后台校验（每秒约 8,000 条），{stalled}"
                    "完成后刷新本页即可看到结果。")
        if self.ok:
            span = f"第 {self.first_seq:,} 至 {self.last_seq:,} 号，" if self.checked else ""
            return f"审计链完整：{span}共 {self.checked:,} 条事件，均未被改动、删除或插入。"
        if self.ok is None:
            return "校验未能完成：" + ("；".join(self.problems) or "后台任务意外停止") + "。请重新校验。"
        where = f"首个问题在第 {self.broken_seq:,} 号事件" if self.broken_seq else "检查点文件有问题"
        return f"审计链已被破坏，{where}：{self.problems[0] if self.problems else ''}"


def _of(event: AuditEvent) -> Verification:
    c = event.changes or {}
    return Verification(ok=c.get("ok"), checked=c.get("checked", 0), first_seq=c.get("first_seq", 0),
                        last_seq=c.get("last_seq", 0), broken_seq=c.get("broken_seq"),
                        problems=list(c.get("problems", [])), at=event.created_at,
                        by=names.who(event.actor) if event.actor_id else names.SYSTEM)


def _chain_length() -> int:
    head = AuditHead.objects.filter(pk=1).first()
    first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
    return head.last_seq - first + 1 if head and first else 0


def _record(user, changes: dict) -> Verification:
    event = audit.record(actor=user, action=ACTION, object_type="core.auditevent", object_repr="审计链",
                         changes=changes)
    return _of(event)


def _verify_now(user) -> Verification:
    report = audit.verify_chain()
    changes = {"ok": report.ok, "checked": report.checked, "first_seq": report.first_seq,
               "last_seq": report.last_seq}
    if not report.ok:
        changes.update(broken_seq=report.broken_seq, problems=report.problems[:PROBLEMS_KEPT])
    return _record(user, changes)


@jobs.task()
def run_verification(user_id: int) -> None:
    _verify_now(get_user_model().objects.filter(pk=user_id).first())


@jobs.on_abandoned(run_verification)
def _lost(user_id: int) -> None:
    _record(get_user_model().objects.filter(pk=user_id).first(),
            {"ok": None, "problems": [f"{jobs.LOST}（已重试 {jobs.MAX_ATTEMPTS} 次）"]})


def verify(*, actor) -> Verification:
    """Verify the whole chain now, or queue it when long (or say that one queued earlier still runs)."""
    access.require(actor, access.VIEW_AUDIT)
    length = _chain_length()
    if length > settings.AUDIT_VERIFY_INLINE_EVENTS:
        if not jobs.waiting(run_verification):
            run_verification.enqueue(actor.user.pk)  # (tests and ZHENXING_TASKS=immediate run it here)
        return latest(actor=actor)
    return _verify_now(actor.user)


def _running() -> Verification:
    return Verification(ok=None, queued=True, events=_chain_length(), no_worker=not jobs.workers_running())


def latest(*, actor) -> Verification:
    """The last verification's result (by anyone: the chain is one for all); while one runs in the
    background, that it runs."""
    access.require(actor, access.VIEW_AUDIT)
    if jobs.waiting(run_verification):
        return _running()
    event = AuditEvent.objects.filter(action=ACTION).select_related("actor").order_by("-seq").first()
    return _of(event) if event else Verification(ok=None, never=True)
