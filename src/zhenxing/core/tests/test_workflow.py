from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import isolate_apps

from zhenxing.core import workflow
from zhenxing.core.models import AuditEvent, WorkflowStep
from zhenxing.core.workflow import Transition, Workflow

SH = ZoneInfo("Asia/Shanghai")

FLOW = Workflow(
    key="ticket",
    label="测试流程",
    states={"filed": "已提交", "review": "审查中", "approved": "已批准", "returned": "已退回"},
    initial="filed",
    transitions=(
        Transition(
            "submit", "提交审查", ("filed", "returned"), "review", frozenset({"village"}), working_days=5
        ),
        Transition(
            "approve", "批准", ("review",), "approved", frozenset({"street"}), required_fields=("number",)
        ),
        Transition(
            "return", "退回", ("review",), "returned", frozenset({"street"}), hours=24, comment_required=True
        ),
    ),
    final=frozenset({"approved"}),
)


@pytest.fixture
def ticket_model(transactional_db):
    with isolate_apps("zhenxing.core"):

        class Ticket(workflow.WorkflowRecord):
            title = models.CharField(max_length=20)

            class Meta:
                app_label = "core"

        with connection.schema_editor() as editor:
            editor.create_model(Ticket)
        yield Ticket
        with connection.schema_editor() as editor:
            editor.delete_model(Ticket)


def _new(model, now):
    t = model(title="t", path="21/2101/")
    workflow.start(workflow=FLOW, record=t, now=now)
    t.save()
    return t


def test_undeclared_states_are_refused_when_declaring():
    with pytest.raises(ValueError, match="undeclared"):
        Workflow("x", "x", {"a": "A"}, "a", (Transition("go", "去", ("a",), "b", frozenset({"r"})),))


def test_a_step_moves_the_record_records_history_and_audit(ticket_model):
    now = datetime(2024, 9, 30, 10, 0, tzinfo=SH)  # Monday before the National Day holiday
    t = _new(ticket_model, now)
    workflow.advance(workflow=FLOW, record=t, transition="submit", user=None, roles={"village"}, now=now)
    t.refresh_from_db()
    assert t.state == "review"
    # 5 working days after 30 Sept skip 1-7 Oct: 8, 9, 10, 11 (Fri) and 12 Oct (a make-up Saturday).
    assert t.due_at == datetime(2024, 10, 12, 23, 59, 59, tzinfo=SH)
    [step] = workflow.history(t)
    assert (step.from_state, step.to_state, step.transition) == ("filed", "review", "submit")
    assert AuditEvent.objects.filter(action="ticket.submit", object_id=str(t.pk)).exists()


def test_wrong_role_wrong_state_and_missing_fields_are_refused_in_chinese(ticket_model):
    t = _new(ticket_model, None)
    with pytest.raises(ValidationError, match="角色"):
        workflow.advance(workflow=FLOW, record=t, transition="submit", user=None, roles={"street"})
    with pytest.raises(ValidationError, match="不能执行"):
        workflow.advance(workflow=FLOW, record=t, transition="approve", user=None, roles={"street"})
    workflow.advance(workflow=FLOW, record=t, transition="submit", user=None, roles={"village"})
    with pytest.raises(ValidationError) as exc:
        workflow.advance(workflow=FLOW, record=t, transition="approve", user=None, roles={"street"})
    assert "number" in exc.value.message_dict
    with pytest.raises(ValidationError, match="须填写理由"):
        workflow.advance(workflow=FLOW, record=t, transition="return", user=None, roles={"street"})
    assert WorkflowStep.objects.count() == 1


def test_a_second_click_on_the_same_step_is_refused(ticket_model):
    t = _new(ticket_model, None)
    stale_copy = ticket_model.objects.get(pk=t.pk)
    workflow.advance(workflow=FLOW, record=t, transition="submit", user=None, roles={"village"})
    with pytest.raises(ValidationError, match="可能已被他人办理"):
        workflow.advance(workflow=FLOW, record=stale_copy, transition="submit", user=None, roles={"village"})
    assert WorkflowStep.objects.count() == 1


def test_return_has_an_hour_limit_and_overdue_is_a_query(ticket_model):
    now = datetime(2024, 5, 6, 9, 0, tzinfo=SH)
    t = _new(ticket_model, now)
    workflow.advance(workflow=FLOW, record=t, transition="submit", user=None, roles={"village"}, now=now)
    workflow.advance(
        workflow=FLOW, record=t, transition="return", user=None, roles={"street"}, comment="材料不全", now=now
    )
    t.refresh_from_db()
    assert t.due_at == now + timedelta(hours=24)
    qs = ticket_model.objects.all()
    assert list(workflow.overdue(qs, now=now + timedelta(hours=25))) == [t]
    assert list(workflow.overdue(qs, now=now + timedelta(hours=23))) == []
    assert list(workflow.near_overdue(qs, within=timedelta(hours=2), now=now + timedelta(hours=23))) == [t]


def test_available_transitions_follow_state_and_roles():
    assert [t.name for t in FLOW.available("review", {"street"})] == ["approve", "return"]
    assert FLOW.available("review", {"village"}) == []


def test_a_deadline_may_be_a_function_of_the_record(ticket_model):
    """Limits that are configuration (a rule, a catalogue entry) are read when the step is taken."""
    flow = Workflow(
        key="ticket2", label="测试", states={"a": "甲", "b": "乙"}, initial="a",
        transitions=(Transition("go", "前进", ("a",), "b", frozenset({"x"}),
                                hours=lambda r: 2 if r.title == "急" else None, working_days=lambda r: 3),),
    )
    now = datetime(2024, 5, 6, 9, 0, tzinfo=SH)  # a Monday
    urgent, plain = ticket_model(title="急", path="21/"), ticket_model(title="缓", path="21/")
    for t in (urgent, plain):
        workflow.start(workflow=flow, record=t, now=now)
        t.save()
        workflow.advance(workflow=flow, record=t, transition="go", user=None, roles={"x"}, now=now)
    assert urgent.due_at == now + timedelta(hours=2)
    assert plain.due_at.date() == datetime(2024, 5, 9).date()


def test_after_a_step_the_message_says_what_comes_next_and_by_when():
    """Forward steps only: a setback (one that asks for confirmation) is not what comes next."""
    flow = Workflow(FLOW.key, FLOW.label, FLOW.states, FLOW.initial, transitions=tuple(
        replace(t, confirm="确定退回？") if t.name == "return" else t for t in FLOW.transitions),
        final=FLOW.final)
    record = SimpleNamespace(state="review", due_at=datetime(2024, 10, 12, 15, 59, tzinfo=ZoneInfo("UTC")))
    assert workflow.after_step(flow, record, "submit") == \
        "已办理“提交审查”，当前状态：审查中。下一步：批准（2024-10-12 23:59 前）。"
    record.state = "approved"
    assert workflow.after_step(flow, record, "approve") == "已办理“批准”，测试流程已办结（已批准）。"
    record.state, record.due_at = "returned", None
    assert workflow.after_step(flow, record, "return") == "已办理“退回”，当前状态：已退回。下一步：提交审查。"
