"""吹哨报到: reporting, the procedure's steps and who may take them, the catalogue's limits as
deadlines, and what each role sees (a department only its own cases; another street nothing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workdays
from zhenxing.core.models import AuditEvent, WorkflowStep
from zhenxing.governance.cases import selectors as sel
from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import Case
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def world(district):
    water = factories.department(district["county"], "水务局")
    power = factories.department(district["county"], "供电公司")
    return {
        **district,
        "water": water, "power": power,
        "burst": factories.dispatch_category(water, name="供水管道破裂", urgency="utilities"),
        "road": factories.dispatch_category(water, name="道路积水", urgency="general"),
        "grid": actor_for(factories.user("grid_worker", district["grid_a1"])),
        "village": actor_for(factories.user("village_secretary", district["village_a1"])),
        "street": actor_for(factories.user("street_admin", district["street_a"])),
        "street_b": actor_for(factories.user("street_admin", district["street_b"])),
        "water_staff": actor_for(factories.user("department_staff", water)),
        "power_staff": actor_for(factories.user("department_staff", power)),
    }


def photo(name="p.png"):
    return SimpleUploadedFile(name, PNG + name.encode(), content_type="image/png")


def _report(w, **extra):
    values = {"place": w["grid_a1"], "source": "grid", "description": "村东头自来水管破裂",
              "category": w["burst"]}
    values.update(extra)
    return services.report(actor=w["grid"], **values)


def _resolved(w, case):
    services.act(actor=w["water_staff"], case=case, transition="accept")
    services.act(actor=w["water_staff"], case=case, transition="resolve", data={"result": "已更换管道"},
                 uploads=[photo("done.png")])
    return case


def _fed_back(w, case):
    services.act(actor=w["street"], case=case, transition="feedback",
                 data={"feedback_method": "phone", "feedback": "已电话告知：管道已更换，恢复供水"})
    return case


def _to_department(w, case):
    services.act(actor=w["village"], case=case, transition="whistle", comment="需水务部门维修")
    services.act(actor=w["street"], case=case, transition="dispatch",
                 data={"lead_department": str(w["water"].pk), "co_departments": [str(w["power"].pk)]})
    return case


def test_a_report_gets_a_readable_code_its_village_and_the_grid_path(world):
    case = _report(world, photos=[photo()])
    assert case.code == f"AJ-{timezone.localdate().year}-000001"
    assert case.village == world["village_a1"] and case.path == world["grid_a1"].path
    assert case.state == "reported" and case.due_at is not None
    assert AuditEvent.objects.filter(action="governance.case.report").count() == 1
    assert len(sel.photos(case=case)) == 1
    assert _report(world).code.endswith("000002")


def test_a_report_without_description_is_refused_naming_the_field(world):
    with pytest.raises(ValidationError) as exc:
        _report(world, description=" ")
    assert "description" in exc.value.message_dict
    assert not Case.objects.exists()


def test_a_report_outside_the_reporters_grid_answers_404(world):
    with pytest.raises(Http404):
        _report(world, place=world["village_b1"])


def test_the_full_loop_records_each_step_and_the_department_rates(world):
    case = _to_department(world, _report(world))
    assert case.state == "dispatched" and case.lead_department == world["water"]
    services.act(actor=world["water_staff"], case=case, transition="accept")
    assert case.accepted_on_time is True
    services.act(actor=world["water_staff"], case=case, transition="resolve", data={"result": "已更换管道"},
                 uploads=[photo("done.png")])
    _fed_back(world, case)
    services.act(actor=world["street"], case=case, transition="close",
                 data={"satisfaction": "satisfied", "evaluation": "good"})
    case.refresh_from_db()
    assert case.state == "closed" and case.satisfaction == "satisfied" and case.evaluation == "good"
    assert case.result == "已更换管道" and case.resolved_at is not None
    assert (case.feedback_method, case.feedback) == ("phone", "已电话告知：管道已更换，恢复供水")
    assert [s.transition for s in WorkflowStep.objects.filter(object_id=str(case.pk)).order_by("pk")] == [
        "whistle", "dispatch", "accept", "resolve", "feedback", "close"]


def test_the_street_gives_feedback_within_a_working_day_then_the_visit_is_due(world):
    case = _resolved(world, _to_department(world, _report(world)))
    assert case.state == "resolved"
    assert timezone.localtime(case.due_at).date() == workdays.add_working_days(timezone.localdate(), 1)
    now = timezone.now()
    services.act(actor=world["street"], case=case, transition="feedback", now=now,
                 data={"feedback_method": "visit", "feedback": "上门告知"})
    case.refresh_from_db()
    assert case.state == "fed_back" and case.fed_back_at == now and case.due_at > case.fed_back_at
    assert case.get_feedback_method_display() == "上门"


def test_the_follow_up_and_the_redo_wait_for_the_feedback(world):
    case = _resolved(world, _to_department(world, _report(world)))
    for name, data, comment in (("close", {"satisfaction": "satisfied", "evaluation": "good"}, ""),
                                ("reopen", {}, "仍漏水")):
        with pytest.raises(ValidationError, match="不能执行"):
            services.act(actor=world["street"], case=case, transition=name, data=data, comment=comment)
    case.refresh_from_db()
    assert case.state == "resolved" and case.satisfaction == ""


def test_feedback_needs_a_method_from_the_list_and_its_content_named_in_chinese(world):
    case = _resolved(world, _to_department(world, _report(world)))
    with pytest.raises(ValidationError) as exc:
        services.act(actor=world["street"], case=case, transition="feedback",
                     data={"feedback_method": "phone"})
    assert set(exc.value.message_dict) == {"feedback"}
    with pytest.raises(ValidationError) as exc:
        services.act(actor=world["street"], case=case, transition="feedback",
                     data={"feedback_method": "fax", "feedback": "已告知"})
    assert "请从列表中选择反馈方式" in exc.value.message_dict["feedback_method"][0]
    with pytest.raises(Http404):  # the department does not give the feedback: the street does
        services.act(actor=world["water_staff"], case=case, transition="feedback",
                     data={"feedback_method": "phone", "feedback": "已告知"})
    case.refresh_from_db()
    assert case.state == "resolved" and case.feedback == "" and case.fed_back_at is None


def test_the_dispatch_deadline_is_the_categorys_response_limit_and_accepting_starts_its_handling_limit(world):
    case = _report(world)
    services.act(actor=world["village"], case=case, transition="whistle", comment="报街道")
    now = timezone.now()
    services.act(actor=world["street"], case=case, transition="dispatch", now=now,
                 data={"lead_department": str(world["water"].pk)})
    assert case.due_at == now + timedelta(hours=2)
    services.act(actor=world["water_staff"], case=case, transition="accept", now=now + timedelta(hours=1))
    assert case.due_at == now + timedelta(hours=25)  # 水电气暖: 24 hours


def test_accepting_after_the_response_limit_is_recorded_as_late(world):
    case = _to_department(world, _report(world))
    services.act(actor=world["water_staff"], case=case, transition="accept",
                 now=timezone.now() + timedelta(hours=3))
    assert case.accepted_on_time is False


def test_a_general_category_gives_seven_working_days(world):
    case = _to_department(world, _report(world, category=world["road"]))
    services.act(actor=world["water_staff"], case=case, transition="accept")
    assert timezone.localtime(case.due_at).time().hour == 23
    assert (case.due_at - timezone.now()).days >= 7


def test_the_department_returns_a_case_with_a_reason_back_to_the_street(world):
    case = _to_department(world, _report(world))
    with pytest.raises(ValidationError) as exc:
        services.act(actor=world["water_staff"], case=case, transition="return")
    assert "comment" in exc.value.message_dict
    services.act(actor=world["water_staff"], case=case, transition="return", comment="不属本部门职责")
    assert case.state == "whistled"


def test_resolving_needs_a_result_and_evidence(world):
    case = _to_department(world, _report(world))
    services.act(actor=world["water_staff"], case=case, transition="accept")
    with pytest.raises(ValidationError):
        services.act(actor=world["water_staff"], case=case, transition="resolve", data={"result": "已修"})
    case.refresh_from_db()
    assert case.state == "handling" and case.result == ""


def test_an_unsatisfied_follow_up_reopens_the_case(world):
    case = _to_department(world, _report(world))
    services.act(actor=world["water_staff"], case=case, transition="accept")
    services.act(actor=world["water_staff"], case=case, transition="resolve", data={"result": "已修"},
                 uploads=[photo()])
    _fed_back(world, case)
    services.act(actor=world["street"], case=case, transition="reopen", comment="群众不满意，仍漏水")
    case.refresh_from_db()
    assert case.state == "handling" and case.reopened == 1
    assert case.feedback == "" and case.fed_back_at is None  # told again once resolved again


def test_the_village_may_close_a_case_itself(world):
    case = _report(world)
    services.act(actor=world["village"], case=case, transition="village_close", data={"result": "村里已处理"})
    assert case.state == "village_closed"


def test_a_grid_worker_cannot_whistle_or_dispatch(world):
    case = _report(world)
    with pytest.raises(Http404):
        services.act(actor=world["grid"], case=case, transition="whistle", comment="x")
    with pytest.raises(Http404):
        services.act(actor=world["village"], case=case, transition="dispatch")


def test_a_department_acts_only_on_its_own_cases(world):
    case = _to_department(world, _report(world))
    other = factories.department(world["county"], "城管局")
    stranger = actor_for(factories.user("department_staff", other))
    with pytest.raises(Http404):
        services.act(actor=stranger, case=case, transition="accept")
    # a co-department may take its part too
    services.act(actor=world["power_staff"], case=case, transition="accept")
    assert case.state == "handling"


def test_department_staff_see_only_cases_dispatched_to_their_department(world):
    mine = factories.case(world["village_a1"], state="dispatched", lead_department=world["water"])
    theirs = factories.case(world["village_a1"], state="dispatched", lead_department=world["power"])
    undispatched = factories.case(world["village_a1"])
    seen = set(sel.cases(actor=world["water_staff"]))
    assert mine in seen and theirs not in seen and undispatched not in seen
    with pytest.raises(Http404):
        sel.case(actor=world["water_staff"], pk=theirs.pk)


def test_another_street_does_not_see_the_case(world):
    case = _report(world)
    assert case in set(sel.cases(actor=world["street"]))
    assert case not in set(sel.cases(actor=world["street_b"]))
    with pytest.raises(Http404):
        sel.case(actor=world["street_b"], pk=case.pk)


def test_a_reporter_sees_their_own_reports_but_not_the_register(world):
    case = _report(world)
    assert sel.case(actor=world["grid"], pk=case.pk) == case
    assert list(sel.mine(actor=world["grid"])) == [case]
    with pytest.raises(Http404):
        sel.cases(actor=world["grid"])


def test_the_deadline_lists_split_overdue_and_near(world):
    late = factories.case(world["village_a1"], due_at=timezone.now() - timedelta(hours=1))
    soon = factories.case(world["village_a1"], due_at=timezone.now() + timedelta(hours=3))
    later = factories.case(world["village_a1"], due_at=timezone.now() + timedelta(days=5))
    lists = sel.deadlines(actor=world["village"])
    assert lists["overdue"] == [late] and lists["near"] == [soon]
    assert later not in lists["near"]
    overdue = sel.cases(actor=world["street"], filters=sel.CaseFilter(deadline="overdue"))
    assert list(overdue) == [late]


def test_the_catalogue_fills_default_limits_by_urgency(world):
    c = services.save_category(actor=world["street"], county=world["county"], name="突发火情",
                               urgency="emergency", departments=[world["water"]])
    assert (c.limit_hours, c.limit_working_days) == (2, None)
    with pytest.raises(ValidationError) as exc:
        services.save_category(actor=world["street"], county=world["county"], name="突发火情",
                               urgency="emergency", departments=[])
    assert {"name", "departments"} <= set(exc.value.message_dict)
    with pytest.raises(Http404):
        services.save_category(actor=world["village"], name="x", urgency="general",
                               departments=[world["water"]])


def test_a_case_cannot_be_dispatched_to_another_countys_department(world):
    elsewhere = factories.department(factories.unit("210112000000", "浑南区"), "水务局")
    case = _report(world)
    services.act(actor=world["village"], case=case, transition="whistle", comment="需水务部门维修")
    with pytest.raises(ValidationError, match="请从列表中选择部门"):
        services.act(actor=world["street"], case=case, transition="dispatch",
                     data={"lead_department": str(elsewhere.pk)})
    case.refresh_from_db()
    assert case.state == "whistled" and case.lead_department is None
