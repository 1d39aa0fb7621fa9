from datetime import datetime, time

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access

COUNTY_DEPTH = 3  # "21/2101/210113/"


def events(*, actor, person: str = "", obj: str = "", action: str = "", start=None, end=None):
    """Audit events in the actor's scope; an auditor of a whole county (or above) also sees the events
    without a place (sign-ins, account and security changes)."""
    qs = access.scoped(AuditEvent.objects.all(), actor, access.VIEW_AUDIT, field="scope_path")
    if any(p.count("/") <= COUNTY_DEPTH for p in actor.paths(access.VIEW_AUDIT)):
        qs = qs | AuditEvent.objects.filter(scope_path="")
    if person:
        qs = qs.filter(actor_name__icontains=person)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj) | Q(object_type=obj))
    if action:
        qs = qs.filter(action__startswith=action)
    tz = timezone.get_current_timezone()
    if start:
        qs = qs.filter(created_at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end:
        qs = qs.filter(created_at__lte=datetime.combine(end, time.max, tzinfo=tz))
    return qs.order_by("-seq")


def _date(text):
    try:
        return datetime.strptime(text, "%Y-%m-%d").date() if text else None
    except ValueError:
        return None


def log(request):
    access.require(request.actor, access.VIEW_AUDIT)
    g = request.GET
    filters = {
        "person": g.get("person", ""),
        "obj": g.get("obj", ""),
        "action": g.get("action", ""),
        "start": g.get("start", ""),
        "end": g.get("end", ""),
    }
    qs = events(
        actor=request.actor,
        person=filters["person"],
        obj=filters["obj"],
        action=filters["action"],
        start=_date(filters["start"]),
        end=_date(filters["end"]),
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(request, "orgs/audit_log.html", {"page": page, "f": filters, "query": params.urlencode()})
