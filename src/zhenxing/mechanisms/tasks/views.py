"""Pages of the task list: the plans, a plan as its tree of aspects, items and tasks, the task register, a
task with its reports, and the forms that write them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import flash_errors
from zhenxing.core.indicators import registry
from zhenxing.mechanisms.duties import selectors as duty_selectors
from zhenxing.mechanisms.tasks import registers as r
from zhenxing.mechanisms.tasks import selectors
from zhenxing.orgs import access


def plans(request):
    manage = request.actor.can(access.MANAGE_TASKS)
    links = [(reverse("mechanisms:plan_new"), "制定任务清单")] if manage else []
    return r.PLANS.page(request, links=[*links, (reverse("mechanisms:tasks"), "任务台账")])


def plan_new(request):
    access.require(request.actor, access.MANAGE_TASKS)
    values = {k: request.POST.get(k, "") for k in ("unit", "year", "title")}
    if request.method == "POST":
        try:
            plan = r.ADD_PLAN.submit(request.actor, request.POST)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"{plan}已建立：请添加方面、事项并分解任务。")
            return redirect("mechanisms:plan", plan.pk)
    return render(request, "mechanisms/tasks/plan_new.html", {
        "values": values, "year": timezone.localdate().year,
        "units": selectors.plan_units(actor=request.actor)}, status=400 if request.method == "POST" else 200)


def plan(request, pk):
    obj = selectors.plan(actor=request.actor, pk=pk)
    manage = request.actor.can(access.MANAGE_TASKS, obj.path)
    return render(request, "mechanisms/tasks/plan.html", {
        "plan": obj, "aspects": selectors.tree(actor=request.actor, plan=obj),
        "summary": selectors.summary(actor=request.actor, plan=obj), "manage": manage,
        "departments": selectors.plan_departments(plan=obj) if manage else [],
        "units": selectors.assignable_units(actor=request.actor, plan=obj) if manage else [],
        "indicators": sorted(registry.all(), key=lambda i: (i.group, i.order)) if manage else [],
        "year": obj.year, "next_year": obj.year + 1,
    })


def _write(request, pk, action, done):
    """A plan page's form: the plan's action, its outcome flashed, back to the plan."""
    obj = selectors.plan(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_TASKS, obj.path)
    try:
        written = action.submit(request.actor, request.POST, record=obj)
        messages.success(request, done)
    except ValidationError as exc:
        flash_errors(request, exc)
        written = obj
    return redirect("mechanisms:plan", written.pk)


@require_POST
def aspect_add(request, pk):
    return _write(request, pk, r.ADD_ASPECT, "方面已添加。")


@require_POST
def item_add(request, pk):
    return _write(request, pk, r.ADD_ITEM, "事项已添加：请为它分解任务。")


@require_POST
def task_add(request, pk):
    return _write(request, pk, r.ASSIGN_TASK, "任务已分解，责任单位已收到待办。")


@require_POST
def plan_copy(request, pk):
    return _write(request, pk, r.COPY_PLAN, "已沿用为新年度清单：请按新年度调整时限和目标。")


def tasks(request):
    return r.TASKS.page(request, links=[(reverse("mechanisms:plans"), "任务清单")])


def task(request, pk):
    obj = selectors.task(actor=request.actor, pk=pk)
    return render(request, "mechanisms/tasks/task.html", {
        "task": obj, "reports": selectors.reports(task=obj),
        "can_report": selectors.reportable(actor=request.actor, task=obj),
        "indicator": registry.get(obj.indicator) if obj.indicator else None,
        "duties": duty_selectors.for_task(actor=request.actor, path=obj.path,
                                          department_id=obj.department_id),
        "today": timezone.localdate(),
    })


@require_POST
def task_report(request, pk):
    obj = selectors.task(actor=request.actor, pk=pk)
    try:
        r.REPORT.submit(request.actor, request.POST, request.FILES, record=obj)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        obj.refresh_from_db()
        messages.success(request, "任务已完成。" if obj.completed_on else "进度已报告。")
    return redirect("mechanisms:task", obj.pk)


def report_file(request, pk, file_pk):
    found = selectors.report_file(actor=request.actor, task_pk=pk, file_pk=file_pk)
    return attachments.response(found, request)
