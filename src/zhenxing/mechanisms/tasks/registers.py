"""任务清单's registers and writes, declared once: the pages, their Excel export and the API derive from these
(orgs.registers, orgs.actions)."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.mechanisms.tasks import selectors as sel
from zhenxing.mechanisms.tasks import services
from zhenxing.mechanisms.tasks.forms import AspectForm, CopyForm, ItemForm, PlanForm, ReportForm, TaskForm
from zhenxing.orgs import access
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register


def _state(t) -> str:
    if t.completed_on:
        return "已完成"
    return "逾期未完成" if t.overdue else "进行中"


PLANS = Register(
    name="plans",
    title="任务清单",
    item="任务清单",
    rows=sel.plans,
    one=sel.plan,
    filter_class=sel.PlanFilter,
    filters=(Filter("year", "年度", "select", sel.plan_years),),
    columns=(
        Column("年度", lambda p: p.year, key="year", kind=int),
        Column("名称", lambda p: p.title, key="title"),
        Column("制定单位", lambda p: p.org_unit.name, key="unit"),
        Column("事项数", lambda p: p.item_count, key="items", kind=numbers.COUNT),
    ),
    url_of=lambda p: reverse("mechanisms:plan", args=[p.pk]),
    description="本单位及上级单位制定的任务清单",
)

TASKS = Register(
    name="tasks",
    title="任务台账",
    item="任务",
    rows=sel.tasks,
    one=sel.task,
    filter_class=sel.TaskFilter,
    filters=(
        Filter("q", "任务或事项"),
        Filter("year", "年度", "select", sel.plan_years),
        Filter("village", "街道/村", "village"),
        Filter("state", "状态", "select", sel.STATES),
        Filter("measured", "进度来源", "select", (("1", "按指标计算"), ("0", "单位报告"))),
    ),
    columns=(
        Column("年度", lambda t: t.item.plan.year, key="year", kind=int),
        Column("序号", lambda t: t.item.number, key="item_number", kind=int),
        Column("事项", lambda t: t.item.title, key="item"),
        Column("任务内容", lambda t: t.content, key="content"),
        Column("责任单位", lambda t: t.assignee.name, key="assignee"),
        Column("完成时限", lambda t: t.due_on, key="due_on", kind=date),
        Column("进度（%）", lambda t: t.progress, key="progress", kind=numbers.NUMBER),
        Column("状态", _state, key="state"),
        Column("逾期", lambda t: t.overdue, key="overdue", kind=bool),
        Column("进度更新", lambda t: t.progress_at, key="progress_at", kind=datetime),
    ),
    url_of=lambda t: reverse("mechanisms:task", args=[t.pk]),
    description="本单位及下级单位的任务；部门的任务在区（县）一级",
)


def _create_plan(actor, form, record):
    d = form.cleaned_data
    return services.create_plan(actor=actor, org_unit=d["unit"], year=d["year"], title=d["title"])


def _copy_plan(actor, form, record):
    return services.copy_plan(actor=actor, plan=record, year=form.cleaned_data["year"])


def _add_aspect(actor, form, record):
    d = form.cleaned_data
    services.add_aspect(actor=actor, plan=record, number=d["number"], name=d["name"])
    return record


def _add_item(actor, form, record):
    d = form.cleaned_data
    services.add_item(actor=actor, aspect=d["aspect"], number=d["number"], title=d["title"],
                      content=d["content"], lead_department=d["lead_department"], leader=d["leader"])
    return record


def _assign_task(actor, form, record):
    d = form.cleaned_data
    services.assign_task(actor=actor, item=d["item"], org_unit=d["unit"], department=d["department"],
                         content=d["content"], expected=d["expected"], starts_on=d["starts_on"],
                         due_on=d["due_on"], indicator=d["indicator"], target=d["target"])
    return record


def _report(actor, form, record):
    d = form.cleaned_data
    services.report_progress(actor=actor, task=record, percent=d["percent"], text=d["text"],
                             reported_on=d["reported_on"] or timezone.localdate(), uploads=d["files"])
    return record


def _on_plan(actor, record):
    return {"plan": record}


ADD_PLAN = Action("", "制定任务清单", PlanForm, _create_plan, access.MANAGE_TASKS)
COPY_PLAN = Action("copy", "沿用为新年度清单", CopyForm, _copy_plan, access.MANAGE_TASKS,
                   form_kwargs=lambda actor, record: {},
                   description="复制方面、事项和任务，日期顺延到新年度，进度从零开始；返回新清单")
ADD_ASPECT = Action("aspects", "新增方面", AspectForm, _add_aspect, access.MANAGE_TASKS,
                    form_kwargs=lambda actor, record: {})
ADD_ITEM = Action("items", "新增事项", ItemForm, _add_item, access.MANAGE_TASKS, form_kwargs=_on_plan)
ASSIGN_TASK = Action("tasks", "分解任务", TaskForm, _assign_task, access.MANAGE_TASKS,
                     form_kwargs=lambda actor, record: {"actor": actor, "plan": record},
                     description="责任单位（街道或村）与责任部门二选一；关联指标的任务须填目标值，进度自动计算")
REPORT = Action("reports", "报告进度", ReportForm, _report,
                (access.REPORT_TASKS, access.REPORT_DEPARTMENT_TASKS), form_kwargs=lambda actor, record: {},
                description="本单位（部门）的任务；进度 100% 即完成，完成后不再报告")
