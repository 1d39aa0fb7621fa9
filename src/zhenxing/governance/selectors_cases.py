"""Reads of 吹哨报到, limited to who may see a case.

The village's handlers and the street's dispatchers see the cases of their subtree; a department's
staff only those dispatched to their department (lead or co-department); anyone who reports sees
the cases they reported. Outside that, a case answers 404.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import Attachment
from zhenxing.governance.models import Case
from zhenxing.governance.services_cases import OWNER_TYPE, departments_of
from zhenxing.governance.workflows_cases import CASE, OPEN
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.selectors import under_unit

NEAR = timedelta(hours=24)
REGISTER_CAPABILITIES = (access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE)


def _base() -> QuerySet[Case]:
    return Case.objects.select_related("village", "category", "lead_department")


def handled(actor: Actor) -> QuerySet[Case]:
    """The cases the actor works on (the register): villages, streets, their department's."""
    base = _base()
    parts = [access.scoped(base, actor, cap) for cap in (access.HANDLE_CASE, access.DISPATCH_CASE)
             if actor.paths(cap)]
    departments = departments_of(actor)
    if departments:
        mine = Q(lead_department__in=departments) | Q(co_departments__in=departments)
        ids = Case.objects.filter(mine).values("pk")
        parts.append(access.scoped(base, actor, access.WORK_CASE).filter(pk__in=ids))
    if not parts:
        raise Http404
    return reduce(or_, parts)


def visible(actor: Actor) -> QuerySet[Case]:
    own = access.scoped(_base(), actor, access.REPORT_CASE).filter(reporter=actor.user) \
        if actor.paths(access.REPORT_CASE) else None
    try:
        qs = handled(actor)
    except Http404:
        if own is None:
            raise
        return own
    return qs | own if own is not None else qs


@dataclass
class CaseFilter:
    q: str = ""  # 案件编号 or words of the description
    state: str = ""
    category: str = ""
    village: str = ""
    department: str = ""
    deadline: str = ""  # "overdue" / "near"


def cases(*, actor: Actor, filters: CaseFilter | None = None) -> QuerySet[Case]:
    f = filters or CaseFilter()
    qs = handled(actor)
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(code__startswith=q.upper()) | Q(description__contains=q))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.category.isdigit():
        qs = qs.filter(category_id=int(f.category))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.department.isdigit():
        d = int(f.department)
        qs = qs.filter(pk__in=Case.objects.filter(Q(lead_department=d) | Q(co_departments=d)).values("pk"))
    if f.deadline == "overdue":
        qs = workflow.overdue(qs.filter(state__in=OPEN))
    elif f.deadline == "near":
        qs = workflow.near_overdue(qs.filter(state__in=OPEN), within=NEAR)
    return qs.order_by("-created_at", "-pk")


def mine(*, actor: Actor) -> QuerySet[Case]:
    access.require(actor, access.REPORT_CASE)
    qs = access.scoped(_base(), actor, access.REPORT_CASE)
    return qs.filter(reporter=actor.user).order_by("-created_at")


def deadlines(*, actor: Actor) -> dict[str, list[Case]]:
    """Open cases overdue and due within a day, for the actor's part of the procedure."""
    qs = handled(actor).filter(state__in=OPEN).order_by("due_at")
    now = timezone.now()
    return {"overdue": list(workflow.overdue(qs, now)[:200]),
            "near": list(workflow.near_overdue(qs, within=NEAR, now=now)[:200])}


def case(*, actor: Actor, pk: int) -> Case:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def is_overdue(c: Case) -> bool:
    return c.state in OPEN and c.due_at is not None and c.due_at < timezone.now()


def history(*, case: Case) -> list:
    steps = list(workflow.history(case).select_related("actor"))
    files = Attachment.objects.in_bulk([i for s in steps for i in s.attachment_ids])
    for s in steps:
        s.files = [files[i] for i in s.attachment_ids if i in files]
        s.from_label = CASE.states.get(s.from_state, s.from_state)
        s.to_label = CASE.states.get(s.to_state, s.to_state)
    return steps


def photos(*, case: Case) -> list[Attachment]:
    used = {i for s in workflow.history(case) for i in s.attachment_ids}
    return [a for a in Attachment.objects.filter(owner_type=OWNER_TYPE, owner_id=str(case.pk)).order_by("pk")
            if a.pk not in used]


def case_file(*, actor: Actor, case_pk: int, pk: int) -> Attachment:
    c = case(actor=actor, pk=case_pk)
    found = Attachment.objects.filter(pk=pk, owner_type=OWNER_TYPE, owner_id=str(c.pk)).first()
    if found is None:
        raise Http404
    return found
