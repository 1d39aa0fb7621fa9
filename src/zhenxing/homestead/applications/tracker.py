"""The nine steps of the procedure as the applicant sees them (申请 → … → 登记), and what comes next.

The workflow has more states than the applicant has steps (待提交 and 已退回 are both 申请; a return sends the
application back to step one), so each step names the states in which it is the current one and the
transition that completes it. A done step's date is when that transition was last taken.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.homestead.applications.workflows import APPLICATION


@dataclass(frozen=True)
class Step:
    label: str
    states: tuple[str, ...]  # where this step is the current one
    done_by: str  # the transition that completes it
    waiting: str  # what the applicant is waiting for while it is current


STEPS = (
    Step("申请", ("draft", "returned"), "submit", "上传申请材料后提交申请"),
    Step("村民小组讨论", ("group_review",), "group_agree", "等待村民小组讨论"),
    Step("公示", ("publicity",), "publicity_end", "公示中，期满无异议后转村级审查"),
    Step("村级审查", ("village_review",), "village_pass", "等待村级审查"),
    Step("街道联审", ("joint_review",), "joint_pass",
         "等待街道联审（自然资源、住建、农业农村部门签署意见并到场踏勘）"),
    Step("审批", ("approval",), "approve", "等待街道审批"),
    Step("放样", ("approved",), "stake_out", "等待到场丈量批放（放样）"),
    Step("验收", ("building",), "inspect", "建设中，竣工后申请到场验收"),
    Step("登记", ("accepted",), "register", "等待不动产登记"),
)
STOPPED = {"rejected": "不予批准", "withdrawn": "已撤回"}


@dataclass(frozen=True)
class TrackedStep:
    number: int
    label: str
    status: str  # "done", "current", "next" or "stopped"
    at: datetime | None = None  # done: when; current: since when
    due_at: datetime | None = None  # current: the deadline of the step
    note: str = ""

    @property
    def status_label(self) -> str:
        return {"done": "已完成", "current": "当前", "next": "待办", "stopped": "已终止"}[self.status]


def _current_index(application, history) -> int:
    """The index of the step the application is at (len(STEPS) when registered)."""
    state = application.state
    if state == "registered":
        return len(STEPS)
    if state in STOPPED:  # where it was when it stopped
        state = history[-1].from_state if history else "draft"
    return next(i for i, s in enumerate(STEPS) if state in s.states)


def steps(application) -> list[TrackedStep]:
    history = list(workflow.history(application))
    last = {h.transition: h for h in history}  # the latest time each transition was taken
    current = _current_index(application, history)
    stopped = application.state in STOPPED
    out = []
    for i, step in enumerate(STEPS):
        if i < current:
            entry = last.get(step.done_by)
            out.append(TrackedStep(i + 1, step.label, "done", entry.created_at if entry else None))
        elif i == current and stopped:
            reason = history[-1].comment if history else ""
            note = STOPPED[application.state] + (f"：{reason}" if reason else "")
            out.append(TrackedStep(i + 1, step.label, "stopped", application.state_since, note=note))
        elif i == current:
            note = step.waiting
            if application.state == "returned":
                reason = history[-1].comment if history else ""
                note = "已退回" + (f"：{reason}" if reason else "") + "。请修改或补充材料后重新提交"
            out.append(TrackedStep(i + 1, step.label, "current", application.state_since,
                                   application.due_at, note))
        else:
            out.append(TrackedStep(i + 1, step.label, "next"))
    return out


DONE = {"submit": "已提交申请", "withdraw": "已撤回申请"}


def next_message(application, transition: str) -> str:
    """What the flash after a step says: what was done and what happens next, by when."""
    taken = APPLICATION.transition(transition)
    done = DONE.get(transition, f"已办理“{taken.label}”")
    if application.state in APPLICATION.final:
        return f"{done}，申请已办结（{APPLICATION.states[application.state]}）。"
    waiting = STEPS[_current_index(application, [])].waiting
    if application.state == "returned":
        waiting = "申请已退回申请人，修改或补充材料后可重新提交"
    when = ""
    days = taken.working_days(application) if callable(taken.working_days) else taken.working_days
    if application.due_at:
        due = timezone.localtime(application.due_at).date()
        when = f"（{days} 个工作日内，{due:%Y-%m-%d} 前）" if days else f"（{due:%Y-%m-%d} 前）"
    return f"{done}，{waiting}{when}。"
