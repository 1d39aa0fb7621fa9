"""Writes of the task list: a plan, its aspects and items, a task assigned to a unit or a department, a
unit's progress report, the progress of the tasks measured by an indicator, and a plan copied to a year."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import attachments, audit, audit_labels, jobs, notify, periods
from zhenxing.core.indicators import registry
from zhenxing.mechanisms.tasks.models import Aspect, Item, Plan, Report, Task
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment

audit_labels.declare({
    "mechanisms.plan.create": "制定任务清单",
    "mechanisms.plan.copy": "沿用上年任务清单",
    "mechanisms.aspect.create": "新增任务方面",
    "mechanisms.item.create": "新增任务事项",
    "mechanisms.task.assign": "分解任务",
    "mechanisms.task.report": "报告任务进度",
}, keys={"year": "年度", "title": "名称", "number": "序号", "assignee": "责任单位", "due_on": "完成时限",
         "indicator": "关联指标", "target": "目标值", "percent": "完成进度（%）", "files": "佐证材料",
         "from_year": "沿用年度", "tasks": "任务数"})

REPORT_FILES = "mechanisms.task.report"  # the attachments' owner type
HUNDRED = Decimal("100")
PLAN_LEVELS = ("county", "town")  # the district's plan, or a street's own


def departments_of(actor) -> set[int]:
    """The departments whose tasks the actor reports on (their staff assignments)."""
    rows = RoleAssignment.objects.filter(user=actor.user, department__isnull=False)
    return {r.department_id for r in rows
            if access.REPORT_DEPARTMENT_TASKS in access.ROLES.get(r.role, ("", ()))[1]}


def recipients(task: Task) -> list:
    """Who answers for the task: the department's staff, or the reporters nearest its unit."""
    if task.department_id:
        return org_todo.department_staff([task.department_id], access.REPORT_DEPARTMENT_TASKS)
    return org_todo.holders(task.path, access.REPORT_TASKS)


def may_report(actor, task: Task) -> bool:
    """A unit reports on its own tasks and those below it, a department's staff on the department's; the
    plan's keeper may record either."""
    if task.department_id:
        return task.department_id in departments_of(actor) or actor.can(access.MANAGE_TASKS, task.path)
    return actor.can(access.REPORT_TASKS, task.path)


@transaction.atomic
def create_plan(*, actor, org_unit: OrgUnit, year: int | None, title: str) -> Plan:
    access.require(actor, access.MANAGE_TASKS, org_unit.path)
    errors = {}
    if org_unit.level not in PLAN_LEVELS:
        errors["org_unit"] = "任务清单由区（县）或街道（乡镇）制定"
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = "年度应为 2000–2100 之间的年份"
    if not (title or "").strip():
        errors["title"] = "请填写清单名称"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(year=year, title=title.strip(), org_unit=org_unit, path=org_unit.path)
    except IntegrityError:
        raise ValidationError({"year": f"{org_unit.name}已有{year}年的任务清单"}) from None
    audit.record(actor=actor.user, action="mechanisms.plan.create", obj=plan,
                 changes={"year": year, "title": plan.title})
    return plan


@transaction.atomic
def add_aspect(*, actor, plan: Plan, number: int | None, name: str) -> Aspect:
    access.require(actor, access.MANAGE_TASKS, plan.path)
    errors = {}
    if not number or number < 1:
        errors["number"] = "序号应为正整数"
    if not (name or "").strip():
        errors["name"] = "请填写方面名称"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            aspect = Aspect.objects.create(plan=plan, number=number, name=name.strip())
    except IntegrityError:
        raise ValidationError({"number": f"本清单已有第{number}个方面"}) from None
    audit.record(actor=actor.user, action="mechanisms.aspect.create", obj=plan,
                 changes={"number": number, "title": aspect.name})
    return aspect


@transaction.atomic
def add_item(*, actor, aspect: Aspect, number: int | None, title: str, content: str = "",
             lead_department: Department | None = None, leader: str = "") -> Item:
    plan = aspect.plan
    access.require(actor, access.MANAGE_TASKS, plan.path)
    errors = {}
    if not number or number < 1:
        errors["number"] = "序号应为正整数"
    if not (title or "").strip():
        errors["title"] = "请填写事项名称"
    if lead_department is not None and not plan.path.startswith(lead_department.path):
        errors["lead_department"] = f"{lead_department.name}不在本清单的范围内"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            item = Item.objects.create(plan=plan, aspect=aspect, number=number, title=title.strip(),
                                       content=(content or "").strip(), lead_department=lead_department,
                                       leader=(leader or "").strip(), path=plan.path)
    except IntegrityError:
        raise ValidationError({"number": f"本清单已有第{number}项事项"}) from None
    audit.record(actor=actor.user, action="mechanisms.item.create", obj=plan,
                 changes={"number": number, "title": item.title})
    return item


def end_of(day: date):
    """The last moment of a deadline day, local time: a task due today is not overdue until midnight (and
    the queue reads "时限 6月28日 23:59", not the next day's 00:00)."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _target(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"target": "目标值应为数字"}) from None
    if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
        raise ValidationError({"target": "目标值应为大于 0 的数字"})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def assign_task(*, actor, item: Item, content: str, starts_on: date | None, due_on: date | None,
                org_unit: OrgUnit | None = None, department: Department | None = None, expected: str = "",
                indicator: str = "", target=None) -> Task:
    """A task of the item for a street or village under the plan's unit, or for a department of it."""
    plan = item.plan
    access.require(actor, access.MANAGE_TASKS, plan.path)
    errors = {}
    if (org_unit is None) == (department is None):
        errors["assignee"] = "请选择责任单位或责任部门（二选一）"
    elif org_unit is not None and (not org_unit.path.startswith(plan.path) or org_unit.level not in (
            "county", "town", "village")):
        errors["assignee"] = f"{org_unit.name}不在本清单的范围内"
    elif org_unit is not None and not actor.can(access.MANAGE_TASKS, org_unit.path):
        errors["assignee"] = f"{org_unit.name}不在您的管辖范围内"
    elif department is not None and not plan.path.startswith(department.path):
        errors["assignee"] = f"{department.name}不在本清单的范围内"
    if not (content or "").strip():
        errors["content"] = "请填写任务内容"
    if starts_on is None:
        errors["starts_on"] = "请填写开始日期"
    if due_on is None:
        errors["due_on"] = "请填写完成时限"
    elif starts_on is not None and due_on < starts_on:
        errors["due_on"] = "完成时限不能早于开始日期"
    if due_on is not None and starts_on is not None and not starts_on.year <= plan.year <= due_on.year:
        errors["due_on"] = f"任务的起止日期应覆盖{plan.year}年的一部分"
    indicator = (indicator or "").strip()
    try:
        value = _target(target)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = None
    if indicator and registry.get(indicator) is None:
        errors["indicator"] = f"指标“{indicator}”不存在"
    elif indicator and value is None and "target" not in errors:
        errors["target"] = "关联指标的任务须填写目标值"
    elif value is not None and not indicator:
        errors["indicator"] = "填写目标值的任务须选择关联指标"
    if errors:
        raise ValidationError(errors)
    path = org_unit.path if org_unit else department.path
    task = Task.objects.create(item=item, org_unit=org_unit, department=department, path=path,
                               content=content.strip(), expected=(expected or "").strip(),
                               starts_on=starts_on, due_on=due_on, due_at=end_of(due_on),
                               indicator=indicator, target=value)
    if indicator:
        measure(task=task)
    else:
        notify.send(users=[u for u in recipients(task) if u.pk != actor.user.pk], event="assigned",
                    title=f"任务清单：{item.number}. {item.title}", obj=task, key=f"task:{task.pk}",
                    body=f"新任务：{task.content}，完成时限 {due_on.month}月{due_on.day}日，请按时报告进度。",
                    url=reverse("mechanisms:task", args=[task.pk]))
    audit.record(actor=actor.user, action="mechanisms.task.assign", obj=task,
                 changes={"assignee": (org_unit or department).name, "due_on": due_on.isoformat(),
                          "indicator": indicator, "target": str(value) if value is not None else ""})
    return task


def _percent(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"percent": "完成进度应为 0–100 之间的数字"}) from None
    if not value.is_finite() or not Decimal("0") <= value <= HUNDRED:
        raise ValidationError({"percent": "完成进度应为 0–100 之间的数字"})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def report_progress(*, actor, task: Task, percent, text: str, reported_on: date | None = None,
                    uploads=()) -> Report:
    """The unit's report: how far the task is (0–100%), what was done, evidence files. 100% completes it."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not may_report(actor, task):
        raise Http404  # not this actor's task: as if it were not there
    errors = {}
    if task.indicator:
        errors["percent"] = "该任务的进度由关联指标自动计算，无需报告"
    try:
        value = _percent(percent)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = None
    if not (text or "").strip():
        errors["text"] = "请填写进展情况"
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        errors["reported_on"] = "报告日期不能晚于今天"
    elif reported_on < task.starts_on:
        errors["reported_on"] = "报告日期不能早于任务开始日期"
    if task.completed_on is not None:
        errors["percent"] = f"任务已于{task.completed_on:%Y-%m-%d}完成，不再报告进度"
    if errors:
        raise ValidationError(errors)
    report = Report.objects.create(task=task, percent=value, text=text.strip(), reported_on=reported_on,
                                   reported_by=actor.user, path=task.path)
    stored = [attachments.store(upload=f, owner_type=REPORT_FILES, owner_id=str(report.pk),
                                scope_path=task.path, user=actor.user) for f in uploads]
    task.progress, task.progress_note, task.progress_at = value, report.text[:500], timezone.now()
    task.completed_on = reported_on if value == HUNDRED else None
    task.save(update_fields=["progress", "progress_note", "progress_at", "completed_on"])
    audit.record(actor=actor.user, action="mechanisms.task.report", obj=task,
                 changes={"percent": str(value), "files": len(stored)})
    return report


def measured(task: Task) -> tuple[object, Decimal]:
    """(the indicator's value for the plan's year at the task's unit, the percent of the target reached)."""
    indicator = registry.get(task.indicator)
    value = indicator.value(task.path, periods.year(task.item.plan.year))
    reached = Decimal(str(value or 0)) / task.target * HUNDRED if task.target else Decimal("0")
    return value, min(HUNDRED, reached).quantize(Decimal("0.01"))


def measure(*, task: Task) -> Task:
    """A task measured by an indicator takes its figure's progress (the system's write: no actor). It is
    complete on the first day its figure reaches the target; a figure that falls back reopens it."""
    value, percent = measured(task)
    task.progress, task.progress_at = percent, timezone.now()
    task.progress_note = f"{registry.get(task.indicator).name}：{value}"
    if percent == HUNDRED and task.completed_on is None:
        task.completed_on = timezone.localdate()
    elif percent < HUNDRED:
        task.completed_on = None
    task.save(update_fields=["progress", "progress_note", "progress_at", "completed_on"])
    return task


def measure_all(*, year: int | None = None) -> int:
    """Every open plan's measured tasks (the worker's hourly check and after an import): how many."""
    tasks = Task.objects.exclude(indicator="").select_related("item__plan")
    if year is not None:
        tasks = tasks.filter(item__plan__year=year)
    count = 0
    for task in tasks.iterator():
        with transaction.atomic():
            measure(task=task)
        count += 1
    return count


@jobs.every(timedelta(hours=1))
def measure_this_year() -> None:
    """The measured tasks follow their figures through the day (a case resolved, a dispute agreed)."""
    measure_all(year=timezone.localdate().year)


def _shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan(*, actor, plan: Plan, year: int | None) -> Plan:
    """Last year's plan as this year's: the same aspects, items and tasks, their dates moved by the years
    between, progress starting from nothing."""
    copy = create_plan(actor=actor, org_unit=plan.org_unit, year=year, title=plan.title)
    shift = year - plan.year
    aspects = {a.pk: Aspect.objects.create(plan=copy, number=a.number, name=a.name)
               for a in plan.aspects.all()}
    items = {}
    for i in plan.items.all():
        items[i.pk] = Item.objects.create(plan=copy, aspect=aspects[i.aspect_id], number=i.number,
                                          title=i.title, content=i.content,
                                          lead_department=i.lead_department,
                                          leader=i.leader, path=copy.path)
    tasks = [Task(item=items[t.item_id], org_unit=t.org_unit, department=t.department, path=t.path,
                  content=t.content, expected=t.expected, starts_on=_shifted(t.starts_on, shift),
                  due_on=_shifted(t.due_on, shift), due_at=end_of(_shifted(t.due_on, shift)),
                  indicator=t.indicator, target=t.target)
             for t in Task.objects.filter(item__plan=plan)]
    Task.objects.bulk_create(tasks)
    audit.record(actor=actor.user, action="mechanisms.plan.copy", obj=copy,
                 changes={"year": year, "from_year": plan.year, "tasks": len(tasks)})
    return copy
