from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from zhenxing.orgs import selectors


def _date(text):
    """A day of the filter form; one at the ends of the calendar is ignored, as its midnight in UTC (or the
    day after it) would not exist."""
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date() if text else None
    except ValueError:
        return None
    return day if day and 1900 <= day.year <= 9998 else None


def _midnight(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()) if day else None


def log(request):
    g = request.GET
    filters = {
        "person": g.get("person", ""),
        "obj": g.get("obj", ""),
        "action": g.get("action", ""),
        "start": g.get("start", ""),
        "end": g.get("end", ""),
    }
    end = _date(filters["end"])  # the whole of the last day
    qs = selectors.audit_events(
        actor=request.actor,
        person=filters["person"],
        obj=filters["obj"],
        action=filters["action"],
        since=_midnight(_date(filters["start"])),
        before=_midnight(end + timedelta(days=1) if end else None),
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(request, "orgs/audit_log.html", {"page": page, "f": filters, "query": params.urlencode()})
