"""Reads of the task list in the actor's scope. A plan is the district's (or a street's) public work plan: a
unit below it sees the plan and, of its tasks, those of its own subtree; the plan's unit sees them all."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from zhenxing.core.models import Attachment
from zhenxing.core.paths import under
from zhenxing.mechanisms.tasks.models import Aspect, Item, Plan, Report, Task
from zhenxing.mechanisms.tasks.services import PLAN_LEVELS, REPORT_FILES, may_report
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.people.selectors import under_unit

STATES = (("open", "进行中"), ("overdue", "逾期未完成"), ("done", "已完成"))


def _plans_seen(actor: Actor) -> Q | None:
    paths = actor.paths(access.VIEW_DASHBOARD)
    if not paths:
        return None
    # Plans of the actor's units and those above them (each ancestor's path is a prefix of the actor's).
    above = {p[:i + 1] for p in paths for i, ch in enumerate(p) if ch == "/"}
    return Q(path__in=above) | Q(*[under(p) for p in paths], _connector=Q.OR)


@dataclass
class PlanFilter:
    year: str = ""


def plans(*, actor: Actor, filters: PlanFilter | None = None) -> QuerySet[Plan]:
    access.require(actor, access.VIEW_DASHBOARD)
    seen = _plans_seen(actor)
    if seen is None:
        return Plan.objects.none()
    qs = Plan.objects.filter(seen).select_related("org_unit").annotate(item_count=Count("items"))
    year = (filters or PlanFilter()).year.strip()
    if year.isdigit():
        qs = qs.filter(year=int(year))
    return qs.order_by("-year", "path")


def plan(*, actor: Actor, pk: int) -> Plan:
    return access.first_or_404(plans(actor=actor), pk=pk)


def plan_years(actor: Actor) -> list[tuple[str, str]]:
    years = plans(actor=actor).values_list("year", flat=True).distinct().order_by("-year")
    return [(str(y), f"{y}年") for y in years]


@dataclass
class TaskFilter:
    q: str = ""
    year: str = ""
    plan: str = ""
    village: str = ""
    state: str = ""
    measured: str = ""  # "1": linked to an indicator, "0": reported


def tasks(*, actor: Actor, filters: TaskFilter | None = None) -> QuerySet[Task]:
    qs = access.register_rows(Task.objects.select_related("item__plan", "item__aspect", "org_unit",
                                                          "department"), actor, access.VIEW_DASHBOARD)
    f = filters or TaskFilter()
    if f.q.strip():
        text = f.q.strip()
        qs = qs.filter(Q(content__contains=text) | Q(item__title__contains=text))
    if f.year.strip().isdigit():
        qs = qs.filter(item__plan__year=int(f.year))
    if f.plan.strip().isdigit():
        qs = qs.filter(item__plan_id=int(f.plan))
    if f.village.strip():
        qs = under_unit(qs, f.village.strip())
    today = timezone.localdate()
    if f.state == "done":
        qs = qs.filter(completed_on__isnull=False)
    elif f.state == "overdue":
        qs = qs.filter(completed_on__isnull=True, due_on__lt=today)
    elif f.state == "open":
        qs = qs.filter(completed_on__isnull=True, due_on__gte=today)
    if f.measured in ("0", "1"):
        qs = qs.exclude(indicator="") if f.measured == "1" else qs.filter(indicator="")
    return qs.order_by("-item__plan__year", "item__number", "path", "pk")


def task(*, actor: Actor, pk: int) -> Task:
    return access.first_or_404(tasks(actor=actor), pk=pk)


def reports(*, task: Task) -> list[Report]:
    found = list(task.reports.select_related("reported_by").order_by("-reported_on", "-pk"))
    files = {}
    for a in _files().filter(owner_id__in=[str(r.pk) for r in found]).order_by("created_at"):
        files.setdefault(int(a.owner_id), []).append(a)
    for r in found:
        r.files = files.get(r.pk, [])
    return found


def report_file(*, actor: Actor, task_pk: int, file_pk: int):
    """An evidence file of a report of a task the actor sees; 404 otherwise."""
    found = task(actor=actor, pk=task_pk)
    report_ids = [str(pk) for pk in found.reports.values_list("pk", flat=True)]
    return access.first_or_404(_files().filter(owner_id__in=report_ids), pk=file_pk)


def _files():
    return Attachment.objects.filter(owner_type=REPORT_FILES)


@dataclass
class ItemRow:
    item: Item
    tasks: list[Task]


@dataclass
class AspectRow:
    aspect: Aspect
    items: list[ItemRow]

    @property
    def tasks(self) -> list[Task]:
        return [t for row in self.items for t in row.tasks]

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.completed_on)

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def share_done(self) -> float:
        return 100 * self.done / len(self.tasks) if self.tasks else 0


def tree(*, actor: Actor, plan: Plan) -> list[AspectRow]:
    """The plan's aspects and items, each with the tasks in the actor's scope."""
    shown = {}
    for t in tasks(actor=actor, filters=TaskFilter(plan=str(plan.pk))):
        shown.setdefault(t.item_id, []).append(t)
    items = {}
    for i in plan.items.select_related("lead_department").order_by("number"):
        items.setdefault(i.aspect_id, []).append(ItemRow(i, shown.get(i.pk, [])))
    return [AspectRow(a, items.get(a.pk, [])) for a in plan.aspects.order_by("number")]


def summary(*, actor: Actor, plan: Plan) -> dict:
    """Counts of the plan's tasks in the actor's scope: all, done, overdue, with the latest report."""
    today = timezone.localdate()
    qs = tasks(actor=actor, filters=TaskFilter(plan=str(plan.pk)))
    return qs.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed_on__isnull=False)),
        overdue=Count("pk", filter=Q(completed_on__isnull=True, due_on__lt=today)),
        measured=Count("pk", filter=~Q(indicator="")), latest=Max("progress_at"))


def reportable(*, actor: Actor, task: Task) -> bool:
    return may_report(actor, task) and not task.indicator and task.completed_on is None


def plan_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """Where the actor may make a plan: the counties and streets of its scope."""
    return access.scoped(OrgUnit.objects.filter(level__in=PLAN_LEVELS), actor, access.MANAGE_TASKS)[:200]


def assignable_units(*, actor: Actor, plan: Plan) -> QuerySet[OrgUnit]:
    """The streets and villages under the plan that the actor may give tasks to."""
    qs = access.scoped(OrgUnit.objects.filter(level__in=("town", "village")), actor, access.MANAGE_TASKS)
    return qs.filter(under(plan.path)).order_by("path")[:1000]


def plan_departments(*, plan: Plan) -> QuerySet[Department]:
    """The departments of the plan's county (and above): the lead departments and assignees of its items."""
    above = [plan.path[: i + 1] for i, ch in enumerate(plan.path) if ch == "/"]
    return Department.objects.filter(path__in=above).order_by("name")
