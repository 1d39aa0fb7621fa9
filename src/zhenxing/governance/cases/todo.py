"""吹哨报到's waiting work (core.todo): the village decides, the street dispatches and follows up, the
department reports in and resolves."""

from django.urls import reverse

from zhenxing.core import todo
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.selectors import dispatched_to
from zhenxing.governance.cases.services import case_departments, departments_of
from zhenxing.governance.cases.workflows import CASE, DEPARTMENT, STREET, VILLAGE
from zhenxing.orgs import access
from zhenxing.orgs import todo as org_todo


def _base():
    return Case.objects.select_related("village", "category")


def _department_rows(actor):
    departments = departments_of(actor)
    if not departments:
        return None
    return access.scoped(_base(), actor, access.WORK_CASE).filter(dispatched_to(departments))


def _title(case: Case) -> str:
    return f"{case.code} {case.village.name}·{case.category.name if case.category_id else '未分类'}：" \
           f"{case.description[:30]}"


PARTIES = {
    VILLAGE: todo.Party(rows=lambda actor: org_todo.rows(_base(), actor, access.HANDLE_CASE),
                        recipients=lambda case: org_todo.holders(case.path, access.HANDLE_CASE)),
    STREET: todo.Party(rows=lambda actor: org_todo.rows(_base(), actor, access.DISPATCH_CASE),
                       recipients=lambda case: org_todo.holders(case.path, access.DISPATCH_CASE)),
    DEPARTMENT: todo.Party(rows=_department_rows,
                           recipients=lambda case: org_todo.department_staff(case_departments(case))),
}

todo.register(*todo.workflow_waiting(
    CASE, model=Case, module="吹哨报到", parties=PARTIES, title=_title,
    url=lambda case: reverse("governance:case", args=[case.pk]),
    list_url=lambda actor, state: f"{reverse('governance:cases')}?state={state}"))
