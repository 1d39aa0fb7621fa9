"""Reads of 评理说事, for whoever holds the people registers over the place (the parties are people).

A dispute is read by its village's people (escalated to the street, the village still sees it) while
only the level where it sits now may act on it (mediation.services)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import workflow
from zhenxing.core.indicators import Column
from zhenxing.core.models import Attachment
from zhenxing.core.paths import under
from zhenxing.governance.mediation.models import Dispute, MediationPoint, Mediator
from zhenxing.governance.mediation.services import OWNER_PREFIX
from zhenxing.governance.mediation.workflows import CASE_FILE, OPEN_STATES, STATES
from zhenxing.orgs import access, codes
from zhenxing.orgs.access import Actor
from zhenxing.people.models import Person
from zhenxing.people.selectors import under_unit

READ = access.VIEW_PEOPLE
NEAR = timedelta(days=3)  # 临期: an open dispute whose month runs out within three days
NEAR_LABEL = "3日内到期"


DISPUTE_COLUMNS = (
    Column("编号", lambda d: d.code, key="code"),
    Column("村/社区", lambda d: d.village.name, key="village"),
    Column("纠纷类型", lambda d: d.get_kind_display(), key="kind"),
    Column("调解层级", lambda d: d.get_level_display(), key="level"),
    Column("状态", lambda d: STATES[d.state], key="state_label"),
    Column("登记日期", lambda d: timezone.localtime(d.registered_at).date(), key="registered_on", kind=date),
    Column("调解期限", lambda d: timezone.localtime(d.limit_at).date() if d.state in OPEN_STATES else None,
           key="limit_on", kind=date),
    Column("超期", lambda d: "已超期" if is_overdue(d) else (NEAR_LABEL if is_near(d) else ""),
           key="overdue"),
)
POINT_COLUMNS = (
    Column("名称", lambda p: p.name, key="name"),
    Column("村/社区", lambda p: p.village.name, key="village"),
    Column("地址", lambda p: p.address, key="address"),
    Column("开放时间", lambda p: p.open_hours, key="open_hours"),
)


def dispute_url(d) -> str:
    return reverse("governance:dispute", args=[d.pk])


def point_url(p) -> str:
    return reverse("governance:mediation_point", args=[p.pk])


def points(*, actor: Actor, village: str = "") -> QuerySet[MediationPoint]:
    access.require(actor, READ)
    qs = access.scoped(MediationPoint.objects.select_related("village"), actor, READ)
    if village:
        qs = under_unit(qs, village)
    return qs.annotate(mediator_count=Count("mediators")).order_by("path")


@dataclass
class PointFilter:
    village: str = ""


def point_rows(*, actor: Actor, filters: PointFilter | None = None) -> QuerySet[MediationPoint]:
    return points(actor=actor, village=(filters or PointFilter()).village)


def point(*, actor: Actor, pk: int) -> MediationPoint:
    return access.get_scoped(MediationPoint.objects.select_related("village"), actor, READ, pk=pk)


@dataclass
class MediatorFilter:
    q: str = ""
    village: str = ""
    kind: str = ""


def mediators(*, actor: Actor, filters: MediatorFilter | None = None) -> QuerySet[Mediator]:
    access.require(actor, READ)
    f = filters or MediatorFilter()
    qs = access.scoped(Mediator.objects.select_related("person", "point__village"), actor, READ)
    if f.q:
        qs = qs.filter(person__name__startswith=f.q.strip())
    if f.village:
        qs = under_unit(qs, f.village)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by("path", "pk")


def mediator(*, actor: Actor, pk: int) -> Mediator:
    return access.get_scoped(mediators(actor=actor), actor, READ, pk=pk)


@dataclass
class DisputeFilter:
    q: str = ""  # code or a party's name prefix
    village: str = ""
    state: str = ""
    kind: str = ""
    level: str = ""
    deadline: str = ""  # "overdue" / "near"


def disputes(*, actor: Actor, filters: DisputeFilter | None = None) -> QuerySet[Dispute]:
    access.require(actor, READ)
    f = filters or DisputeFilter()
    qs = access.scoped(Dispute.objects.select_related("village"), actor, READ, field="village__path")
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(code__startswith=q.upper()) | Q(parties__name__startswith=q)).distinct()
    if f.village:
        # Filter by the dispute's village, wherever it is mediated now (a street-level one included).
        try:
            qs = qs.filter(under(codes.path_for(f.village), "village__path"))
        except codes.CodeError:
            qs = qs.none()
    for field in ("state", "kind", "level"):
        if getattr(f, field):
            qs = qs.filter(**{field: getattr(f, field)})
    if f.deadline == "overdue":
        qs = overdue(qs)
    elif f.deadline == "near":
        qs = near(qs)
    return qs.order_by("-registered_at", "-pk")


def overdue(qs: QuerySet[Dispute], now=None) -> QuerySet[Dispute]:
    return workflow.overdue(qs.filter(state__in=OPEN_STATES), now)


def near(qs: QuerySet[Dispute], now=None) -> QuerySet[Dispute]:
    return workflow.near_overdue(qs.filter(state__in=OPEN_STATES), within=NEAR, now=now)


def deadlines(*, actor: Actor) -> dict[str, list[Dispute]]:
    """Open disputes past their month and those whose month runs out within three days, for whoever
    reads the disputes of the place (the register's scope)."""
    qs = disputes(actor=actor).order_by("due_at", "pk")
    now = timezone.now()
    return {"overdue": list(overdue(qs, now)[:200]), "near": list(near(qs, now)[:200])}


def dispute(*, actor: Actor, pk: int) -> Dispute:
    return access.get_scoped(Dispute.objects.select_related("village__parent"), actor, READ,
                             field="village__path", pk=pk)


def case_file(d: Dispute) -> list[dict]:
    """Each document of the 卷宗 with the files in its slot; some are present from the record itself."""
    files = Attachment.objects.filter(owner_type__startswith=OWNER_PREFIX, owner_id=str(d.pk)).order_by(
        "created_at")
    by_slot: dict[str, list] = {}
    for f in files:
        by_slot.setdefault(f.owner_type[len(OWNER_PREFIX):], []).append(f)
    recorded = {"registration": True, "agreement": bool(d.agreement_text), "follow_up": bool(d.follow_up)}
    return [{"slot": slot, "label": label, "files": by_slot.get(slot, []),
             "present": bool(by_slot.get(slot)) or recorded.get(slot, False)} for slot, label in CASE_FILE]


def dispute_file(*, actor: Actor, dispute_pk: int, pk: int) -> Attachment:
    d = dispute(actor=actor, pk=dispute_pk)
    found = Attachment.objects.filter(pk=pk, owner_type__startswith=OWNER_PREFIX, owner_id=str(d.pk)).first()
    if found is None:
        raise Http404
    return found


def person_in_scope(*, actor: Actor, pk: int | None) -> Person | None:
    if pk is None:
        return None
    return access.scoped(Person.objects.all(), actor, READ).filter(pk=pk).first()


def is_overdue(d: Dispute) -> bool:
    return bool(d.due_at and d.due_at < timezone.now() and d.state in OPEN_STATES)


def is_near(d: Dispute) -> bool:
    now = timezone.now()
    return bool(d.due_at and now <= d.due_at < now + NEAR and d.state in OPEN_STATES)
