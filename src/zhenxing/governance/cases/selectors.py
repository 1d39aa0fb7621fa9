"""Reads of 吹哨报到, limited to who may see a case.

The village's handlers and the street's dispatchers see the cases of their subtree; a department's
staff only those dispatched to their department (lead or co-department); anyone who reports sees
the cases they reported. Outside that, a case answers 404.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.models import Attachment
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.services import OWNER_TYPE, departments_of
from zhenxing.governance.cases.workflows import CASE, OPEN
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.selectors import under_unit

NEAR = timedelta(hours=24)
REGISTER_CAPABILITIES = (access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE)


def _base() -> QuerySet[Case]:
    return Case.objects.select_related("village", "category", "lead_department")


def dispatched_to(departments) -> Q:
    """Cases whose lead department is one of these, or that list one as a co-department.

    Written as `pk IN (lead cases UNION ALL co-department rows)`: PostgreSQL reads the department's
    few cases by two indexes and estimates their number right. Joining `co_departments` inside the
    IN probed every case in the district twice, and `lead OR pk IN (co rows)` made the planner guess
    half the district and walk the whole table backwards by date (0.9 s for the open cases of a
    department among a million: bench/cases.py, README).
    """
    lead = Case.objects.filter(lead_department__in=departments).order_by().values("pk")
    co = Case.co_departments.through.objects.filter(department__in=departments).order_by().values("case_id")
    return Q(pk__in=lead.union(co, all=True))


def handled(actor: Actor) -> QuerySet[Case]:
    """The cases the actor works on (the register): villages, streets, their department's."""
    base = _base()
    parts = [access.scoped(base, actor, cap) for cap in (access.HANDLE_CASE, access.DISPATCH_CASE)
             if actor.paths(cap)]
    departments = departments_of(actor)
    if departments:
        parts.append(access.scoped(base, actor, access.WORK_CASE).filter(dispatched_to(departments)))
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
        qs = qs.filter(dispatched_to([int(f.department)]))
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


def dispatch_defaults(*, case: Case) -> tuple[int | None, set[int]]:
    """(主办, 协办) the dispatch form starts with: what the case already has, else its catalogue entry's
    departments, the first (in the order the page lists them) leading and the others assisting."""
    if case.lead_department_id:
        return case.lead_department_id, set(case.co_departments.values_list("pk", flat=True))
    if case.category_id:
        named = list(case.category.departments.values_list("pk", flat=True))
        if named:
            return named[0], set(named[1:])
    return None, set()


def report_place_outline(*, actor: Actor, code: str) -> dict:
    """The outline a reporter picks the spot on: the village of a place they may report in (a grid's
    village), and the grid's own boundary if it has one. GeoJSON; another place is 404."""
    place = access.get_scoped(OrgUnit.objects.filter(level__in=("village", "grid")).select_related("parent"),
                              actor, access.REPORT_CASE, code=code)
    units = [u for u in ([place] if place.level == "village" else [place.parent, place]) if u and u.boundary]
    features = [{"type": "Feature", "geometry": json.loads(u.boundary),
                 "properties": {"name": u.name, "kind": u.level}} for u in units]
    return {"type": "FeatureCollection", "features": features}


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


# --- 三率 and the monthly ranking --------------------------------------------------------------------------
# The platform's own formulas (Beijing publishes none), over the cases dispatched in the month:
#   响应率 = 在报到时限内报到的案件 ÷ 派单案件
#   解决率 = 已办结（含回访结案）的案件 ÷ 派单案件
#   满意率 = （满意 + 基本满意）÷ 已回访评价的案件
# Per department, a case counts for its lead department and for each co-department (首接负责 with
# 协办): co-departments do not 报到 on their own, so the case's response, resolution, satisfaction and
# the street's evaluation are theirs too. Per street or village a case counts once.
FORMULAS = (
    ("响应率", "在报到时限内报到（接单）的案件数 ÷ 当月派单案件数"),
    ("解决率", "已办结（含回访结案）的案件数 ÷ 当月派单案件数"),
    ("满意率", "（满意 + 基本满意）的案件数 ÷ 已回访评价的案件数"),
)
CO_DEPARTMENT_RULE = ("按部门统计时，一件案件计入主办部门，也计入每个协办部门各一次；协办部门不单独报到，"
                      "其按时报到、办结、满意度与街道评价均取该案件本身的结果。按街道、村统计时每件案件只计一次。")
GROUPINGS = {"department": ("lead_department", "lead_department__name"),
             "street": ("village__parent", "village__parent__name"),
             "village": ("village", "village__name")}
COUNTS = ("dispatched", "on_time", "resolved", "rated", "satisfied", "good", "poor")


def _counts(prefix: str = "") -> dict:
    """The figures of one group, over cases reached through `prefix` (the co-department link's case)."""
    pk = f"{prefix}pk"
    return dict(
        dispatched=Count(pk),
        on_time=Count(pk, filter=Q(**{f"{prefix}accepted_on_time": True})),
        resolved=Count(pk, filter=Q(**{f"{prefix}resolved_at__isnull": False})),
        rated=Count(pk, filter=~Q(**{f"{prefix}satisfaction": ""})),
        satisfied=Count(pk, filter=Q(**{f"{prefix}satisfaction__in": ("satisfied", "basic")})),
        good=Count(pk, filter=Q(**{f"{prefix}evaluation__in": ("good", "fair_good")})),
        poor=Count(pk, filter=Q(**{f"{prefix}evaluation": "poor"})),
    )


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def default_month(today: date | None = None) -> date:
    """The last full month: early in a month its few cases rank the departments by chance (on the 2nd one
    late case put a department on the black list)."""
    first = (today or timezone.localdate()).replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def month_of(month: str) -> date:
    """The first day of the month "YYYY-MM"; the last full month when blank or malformed."""
    try:
        return datetime.strptime(month or "", "%Y-%m").date()
    except ValueError:
        return default_month()


def period_label(first: date, today: date | None = None) -> str:
    """The period as the page states it: "2026年11月（上一个完整月）", "2026年12月（本月，截至今日）"."""
    today = today or timezone.localdate()
    name = f"{first.year}年{first.month}月"
    if first == default_month(today):
        return f"{name}（上一个完整月）"
    if first == today.replace(day=1):
        return f"{name}（本月，截至今日，尚不完整）"
    return f"{name}（尚未开始）" if first > today else name


def month_bounds(month: str) -> tuple[datetime, datetime]:
    first = month_of(month)
    after = (first + timedelta(days=32)).replace(day=1)
    return (timezone.make_aware(datetime.combine(first, time())),
            timezone.make_aware(datetime.combine(after, time())))


def rates(*, actor: Actor, month: str = "", by: str = "department") -> list[dict]:
    """三率 per department, street or village for the cases dispatched in the month (grouped queries:
    one, and per department a second over the co-department links)."""
    access.require(actor, access.DISPATCH_CASE)
    key, name = GROUPINGS.get(by, GROUPINGS["department"])
    start, end = month_bounds(month)
    qs = access.scoped(Case.objects.all(), actor, access.DISPATCH_CASE).filter(
        dispatched_at__gte=start, dispatched_at__lt=end, lead_department__isnull=False)
    groups: dict = {}
    for r in qs.order_by().values(key, name).annotate(**_counts()):
        groups[r[key]] = {"name": r[name], "co": 0, **{k: r[k] for k in COUNTS}}
    if key == "lead_department":
        links = Case.co_departments.through.objects.filter(case__in=qs.values("pk")).exclude(
            department_id=F("case__lead_department_id"))  # a lead listed as co-department counts once
        for r in links.order_by().values("department", "department__name").annotate(**_counts("case__")):
            row = groups.setdefault(r["department"], {"name": r["department__name"], "co": 0,
                                                      **dict.fromkeys(COUNTS, 0)})
            row["co"] += r["dispatched"]
            for k in COUNTS:
                row[k] += r[k]
    out = []
    for row in groups.values():
        row.update(response=_pct(row["on_time"], row["dispatched"]),
                   resolution=_pct(row["resolved"], row["dispatched"]),
                   satisfaction=_pct(row["satisfied"], row["rated"]))
        parts = [v for v in (row["response"], row["resolution"], row["satisfaction"]) if v is not None]
        row["score"] = round(sum(parts) / len(parts), 1) if parts else None
        out.append(row)
    return sorted(out, key=lambda r: (-(r["score"] or 0), r["name"] or ""))


def ranking(*, actor: Actor, month: str = "", size: int = 3) -> dict:
    """Monthly red and black lists of departments by the mean of their three rates."""
    rows = [r for r in rates(actor=actor, month=month, by="department") if r["score"] is not None]
    n = min(size, max(1, len(rows) // 2))  # never the same department on both lists
    red = rows[:n]
    black = [r for r in reversed(rows) if r not in red][:n]
    return {"rows": rows, "red": red, "black": black}
