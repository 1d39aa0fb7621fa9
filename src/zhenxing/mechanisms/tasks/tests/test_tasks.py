"""任务清单: a plan's aspects, items and tasks; a unit's progress report with evidence; progress measured by
an indicator; the refusals in Chinese by field, writing nothing; scope; the queue; a plan copied to a year."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from zhenxing.core import periods, todo
from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent, Notification
from zhenxing.mechanisms.tasks import selectors, services
from zhenxing.mechanisms.tasks.models import Item, Report, Task
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def w(district):
    county = district["county"]
    year = timezone.localdate().year
    admin = access.actor_for(factories.user("district_admin", county))
    department = factories.department(county)
    plan = services.create_plan(actor=admin, org_unit=county, year=year, title="抓党建促乡村振兴工作举措")
    aspect = services.add_aspect(actor=admin, plan=plan, number=1, name="建机制")
    item = services.add_item(actor=admin, aspect=aspect, number=1, title="落实包保责任",
                             lead_department=department, leader="区委副书记")
    secretary_user = factories.user("village_secretary", district["village_a1"])
    return type("W", (), {
        "units": district, "admin": admin, "plan": plan, "aspect": aspect, "item": item, "year": year,
        "department": department, "secretary": access.actor_for(secretary_user),
        "secretary_user": secretary_user,
        "other_secretary": access.actor_for(factories.user("village_secretary", district["village_b1"])),
        "staff": access.actor_for(factories.user("department_staff", department)),
    })


def _task(w, unit=None, **kw):
    default = None if kw.get("department") else w.units["village_a1"]
    fields = {"content": "召开包保联系会议", "starts_on": date(w.year, 1, 1), "due_on": date(w.year, 12, 31),
              "org_unit": unit if unit is not None else default}
    return services.assign_task(actor=w.admin, item=w.item, **{**fields, **kw})


def test_a_village_reports_progress_with_evidence_and_100_percent_completes_the_task(w):
    task = _task(w)
    assert Notification.objects.filter(user=w.secretary_user, object_id=str(task.pk)).exists()
    photo = SimpleUploadedFile("会议.png", PNG, content_type="image/png")
    services.report_progress(actor=w.secretary, task=task, percent="40", text="已召开一次", uploads=[photo])
    task.refresh_from_db()
    assert (task.progress, task.completed_on) == (Decimal("40.00"), None)
    assert [f.name for f in selectors.reports(task=task)[0].files] == ["会议.png"]
    services.report_progress(actor=w.secretary, task=task, percent="100", text="全年四次均已召开")
    task.refresh_from_db()
    assert task.completed_on == timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.report_progress(actor=w.secretary, task=task, percent="100", text="再报")
    assert "已于" in err.value.message_dict["percent"][0]
    assert AuditEvent.objects.filter(action="mechanisms.task.report").count() == 2


def test_a_bad_report_names_every_field_and_writes_nothing(w):
    task = _task(w)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.report_progress(actor=w.secretary, task=task, percent="120", text=" ", reported_on=tomorrow)
    assert err.value.message_dict == {"percent": ["完成进度应为 0–100 之间的数字"],
                                      "text": ["请填写进展情况"], "reported_on": ["报告日期不能晚于今天"]}
    assert not Report.objects.exists()


def test_a_bad_task_names_every_field_and_writes_nothing(w):
    with pytest.raises(ValidationError) as err:
        services.assign_task(actor=w.admin, item=w.item, content="", starts_on=date(w.year, 6, 1),
                             due_on=date(w.year, 5, 1), indicator="no.such", target="x")
    assert err.value.message_dict == {"assignee": ["请选择责任单位或责任部门（二选一）"],
                                      "content": ["请填写任务内容"], "due_on": ["完成时限不能早于开始日期"],
                                      "target": ["目标值应为数字"],
                                      "indicator": ["指标“no.such”不存在"]}
    with pytest.raises(ValidationError) as err:
        _task(w, indicator="governance.cases_resolved")
    assert err.value.message_dict == {"target": ["关联指标的任务须填写目标值"]}
    assert not Task.objects.exists()


def test_numbers_repeat_in_a_plan_are_refused(w):
    with pytest.raises(ValidationError) as err:
        services.add_item(actor=w.admin, aspect=w.aspect, number=1, title="重复")
    assert err.value.message_dict == {"number": ["本清单已有第1项事项"]}
    with pytest.raises(ValidationError) as err:
        services.create_plan(actor=w.admin, org_unit=w.units["county"], year=w.year, title="又一份")
    assert err.value.message_dict == {"year": [f"沈北新区已有{w.year}年的任务清单"]}


def test_a_unit_sees_the_plan_and_only_its_own_tasks_and_reports_only_on_them(w):
    own, other = _task(w), _task(w, unit=w.units["village_b1"])
    dept = _task(w, department=w.department)
    assert [p.pk for p in selectors.plans(actor=w.secretary)] == [w.plan.pk]
    assert list(selectors.tasks(actor=w.secretary)) == [own]
    with pytest.raises(Http404):
        selectors.task(actor=w.secretary, pk=other.pk)
    with pytest.raises(Http404):
        services.report_progress(actor=w.other_secretary, task=own, percent="10", text="越权")
    # A department's staff report on the department's task, not on a village's though they sit at the county.
    services.report_progress(actor=w.staff, task=dept, percent="50", text="已制定方案")
    with pytest.raises(Http404):
        services.report_progress(actor=w.staff, task=own, percent="10", text="越权")
    assert set(selectors.tasks(actor=w.admin)) == {own, other, dept}


def test_a_task_waits_in_its_units_queue_until_done(w):
    task = _task(w)
    queue = todo.queue(w.secretary)
    assert [i.record for i in queue.items if i.waiting.key == "mechanisms.task.open"] == [task]
    services.report_progress(actor=w.secretary, task=task, percent="100", text="完成")
    assert not [i for i in todo.queue(w.secretary).items if i.waiting.key == "mechanisms.task.open"]
    aspect = selectors.tree(actor=w.admin, plan=w.plan)[0]
    assert (len(aspect.tasks), aspect.done, aspect.overdue) == (1, 1, 0)


def test_an_unfinished_task_of_an_older_plan_no_longer_waits(w):
    old = services.create_plan(actor=w.admin, org_unit=w.units["county"], year=w.year - 2, title="旧清单")
    item = services.add_item(actor=w.admin, aspect=services.add_aspect(actor=w.admin, plan=old, number=1,
                             name="建机制"), number=1, title="旧事项")
    services.assign_task(actor=w.admin, item=item, org_unit=w.units["village_a1"], content="旧任务",
                         starts_on=date(w.year - 2, 1, 1), due_on=date(w.year - 2, 6, 30))
    assert not [i for i in todo.queue(w.secretary).items if i.waiting.key == "mechanisms.task.open"]


def test_a_measured_task_reads_its_indicator_for_the_plan_year(w):
    a1 = w.units["village_a1"]
    factories.case(a1, state="closed", resolved_at=timezone.now())
    task = _task(w, indicator="governance.cases_resolved", target="2")
    resolved = registry.get("governance.cases_resolved").value(a1.path, periods.year(w.year))
    assert resolved == 1
    assert (task.progress, task.completed_on) == (Decimal("50.00"), None)
    with pytest.raises(ValidationError) as err:
        services.report_progress(actor=w.secretary, task=task, percent="80", text="手填")
    assert err.value.message_dict == {"percent": ["该任务的进度由关联指标自动计算，无需报告"]}
    factories.case(a1, state="closed", resolved_at=timezone.now())
    assert services.measure_all(year=w.year) == 1
    task.refresh_from_db()
    assert (task.progress, task.completed_on) == (Decimal("100.00"), timezone.localdate())


def test_a_plan_copied_to_the_next_year_keeps_its_tree_with_dates_moved_and_no_progress(w):
    task = _task(w, starts_on=date(w.year, 2, 1), due_on=date(w.year, 6, 30))
    services.report_progress(actor=w.secretary, task=task, percent="100", text="完成")
    copy = services.copy_plan(actor=w.admin, plan=w.plan, year=w.year + 1)
    moved = Task.objects.get(item__plan=copy)
    assert (moved.starts_on, moved.due_on, moved.progress, moved.completed_on) == (
        date(w.year + 1, 2, 1), date(w.year + 1, 6, 30), Decimal("0"), None)
    assert list(Item.objects.filter(plan=copy).values_list("number", "title")) == [(1, "落实包保责任")]
    assert moved.due_at == services.end_of(moved.due_on)


def test_the_indicators_count_tasks_due_done_on_time_and_overdue_for_a_period(w):
    county = w.units["county"].path
    last_year = w.year - 1
    old = services.create_plan(actor=w.admin, org_unit=w.units["county"], year=last_year, title="上年")
    item = services.add_item(actor=w.admin, aspect=services.add_aspect(actor=w.admin, plan=old, number=1,
                             name="建机制"), number=1, title="事项")
    on_time = services.assign_task(actor=w.admin, item=item, org_unit=w.units["village_a1"], content="按期",
                                   starts_on=date(last_year, 1, 1), due_on=date(last_year, 3, 31))
    services.assign_task(actor=w.admin, item=item, org_unit=w.units["village_b1"], content="逾期",
                         starts_on=date(last_year, 1, 1), due_on=date(last_year, 4, 30))
    services.report_progress(actor=w.secretary, task=on_time, percent="100", text="完成",
                             reported_on=date(last_year, 3, 1))
    year = periods.year(last_year)

    def value(key, period=year):
        return registry.get(key).value(county, period)

    assert (value("mechanisms.tasks_due"), value("mechanisms.tasks_done"), value("mechanisms.tasks_on_time"),
            value("mechanisms.tasks_overdue")) == (2, 1, 1, 1)
    assert value("mechanisms.tasks_on_time_rate") == Decimal("0.5")
    assert value("mechanisms.tasks_due", periods.quarter(last_year, 1)) == 1


def test_the_worker_measures_this_years_tasks_every_hour(w):
    from zhenxing.core import jobs

    task = _task(w, indicator="governance.cases_resolved", target="1")
    factories.case(w.units["village_a1"], state="closed", resolved_at=timezone.now())
    assert "zhenxing.mechanisms.tasks.services.measure_this_year" in jobs.run_periodic(now=10 ** 9)
    task.refresh_from_db()
    assert task.completed_on == timezone.localdate()
