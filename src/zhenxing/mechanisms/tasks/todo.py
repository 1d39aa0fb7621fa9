"""任务清单's waiting work (core.todo): a reported task waits on its unit (or its department's staff) until
it is reported done; the county follows up those past their deadline. Only this year's and last year's
plans wait: a task left unfinished in an older plan is that year's record, no longer anyone's work."""

from django.urls import reverse
from django.utils import timezone

from zhenxing.core import todo
from zhenxing.mechanisms.tasks.models import Task
from zhenxing.mechanisms.tasks.services import departments_of, recipients
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo


def _open():
    return Task.objects.filter(completed_on__isnull=True, indicator="",
                               item__plan__year__gte=timezone.localdate().year - 1).select_related(
        "item", "org_unit", "department")


def _rows(actor):
    units = org_todo.rows(_open().filter(department__isnull=True), actor, access.REPORT_TASKS)
    mine = departments_of(actor) if actor.can(access.REPORT_DEPARTMENT_TASKS) else set()
    return org_todo.either(units, _open().filter(department__in=mine) if mine else None)


todo.register(todo.Waiting(
    key="mechanisms.task.open", module="任务清单", label="待报告进度", rows=_rows, recipients=recipients,
    title=lambda t: f"{t.item.number}. {t.item.title}：{t.content[:40]}（{t.assignee.name}）",
    url=lambda t: reverse("mechanisms:task", args=[t.pk]), actions="报告进度",
    due_field="due_at", since_field="created_at",
    list_url=lambda actor: f"{reverse('mechanisms:tasks')}?state=open",
    model=Task, model_filter={"completed_on__isnull": True, "indicator": ""}))
