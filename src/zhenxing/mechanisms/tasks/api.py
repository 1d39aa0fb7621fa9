"""任务清单 over the API: the plans and tasks registers and their writes (a plan, an aspect, an item, a task,
a progress report with evidence, a plan copied to a year) derived from the module's declarations; a plan's
tree and a task's reports are written out by hand, as their pages show them."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema

from zhenxing.mechanisms.tasks import registers as r
from zhenxing.mechanisms.tasks import selectors
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["任务清单"])
add_register(router, r.PLANS, app="mechanisms")
add_register(router, r.TASKS, app="mechanisms")
for action in (r.ADD_PLAN, r.COPY_PLAN, r.ADD_ASPECT, r.ADD_ITEM, r.ASSIGN_TASK):
    add_action(router, r.PLANS, action, app="mechanisms")
add_action(router, r.TASKS, r.REPORT, app="mechanisms")


class PlanTaskOut(Schema):
    id: int
    content: str
    assignee: str
    due_on: date
    progress: Decimal = Field(..., description="进度（%）")
    completed_on: date | None
    overdue: bool


class PlanItemOut(Schema):
    id: int
    number: int
    title: str
    lead_department: str
    leader: str
    tasks: list[PlanTaskOut] = Field(..., description="本人权限范围内的任务")


class PlanAspectOut(Schema):
    id: int
    number: int
    name: str
    items: list[PlanItemOut]


class TaskReportOut(Schema):
    id: int
    percent: Decimal
    text: str
    reported_on: date
    files: list[str] = Field(..., description="佐证材料的文件名")


@router.get("/plans/{record_id}/tree", response=list[PlanAspectOut], summary="任务清单的方面、事项和任务",
            operation_id="zhenxing_mechanisms_api_plans_tree",
            description="与清单页面相同：任务只含本人权限范围内的；不在权限范围内返回 404。")
def plan_tree(request, record_id: int):
    plan = selectors.plan(actor=request.actor, pk=record_id)
    return [{"id": a.aspect.pk, "number": a.aspect.number, "name": a.aspect.name, "items": [
        {"id": i.item.pk, "number": i.item.number, "title": i.item.title, "leader": i.item.leader,
         "lead_department": i.item.lead_department.name if i.item.lead_department else "",
         "tasks": [{"id": t.pk, "content": t.content, "assignee": t.assignee.name, "due_on": t.due_on,
                    "progress": t.progress, "completed_on": t.completed_on, "overdue": t.overdue}
                   for t in i.tasks]} for i in a.items]}
        for a in selectors.tree(actor=request.actor, plan=plan)]


@router.get("/tasks/{record_id}/reports", response=list[TaskReportOut], summary="任务的进度报告",
            operation_id="zhenxing_mechanisms_api_tasks_reports_list",
            description="从近到远，与任务页面相同；不在权限范围内返回 404。")
def task_reports(request, record_id: int):
    task = selectors.task(actor=request.actor, pk=record_id)
    return [{"id": x.pk, "percent": x.percent, "text": x.text, "reported_on": x.reported_on,
             "files": [f.name for f in x.files]} for x in selectors.reports(task=task)]
