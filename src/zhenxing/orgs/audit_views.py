from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import audit_labels
from zhenxing.core.feedback import whole_number
from zhenxing.orgs import audit_verify, auditlog, names, selectors

FILTERS = ("person", "actor", "unit", "type", "oid", "obj", "action", "start", "end")


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
    f = {key: g.get(key, "").strip() for key in FILTERS}
    actor = request.actor
    unit = selectors.audit_unit(actor=actor, code=f["unit"]) if f["unit"] else None
    actor_id = whole_number(f["actor"])
    end = _date(f["end"])  # the whole of the last day
    qs = selectors.audit_events(
        actor=actor, person=f["person"], actor_id=actor_id, unit=unit, object_type=f["type"],
        object_id=f["oid"], obj=f["obj"],
        action=f["action"], since=_midnight(_date(f["start"])),
        before=_midnight(end + timedelta(days=1) if end else None),
    )
    if f["unit"] and unit is None:
        qs = qs.none()
        messages.error(request, f"操作人单位：找不到“{f['unit']}”，或它不在您的管辖范围内。")
    page = Paginator(qs, settings.PAGE_SIZE).get_page(g.get("page"))
    entries = auditlog.entries(page.object_list)
    params = g.copy()
    params.pop("page", None)
    chosen = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return render(request, "orgs/audit_log.html", {
        "page": page, "entries": entries, "f": f, "query": params.urlencode(),
        "units": selectors.audit_unit_choices(actor=actor), "types": auditlog.object_type_choices(),
        "actions": sorted(set(audit_labels.all_actions().values())),
        "chosen": names.who(chosen) if chosen else "",
        "chosen_object": _object(f, entries),
        "verification": audit_verify.latest(actor=actor),
    })


def _object(f, entries) -> str:
    """The one object the log is cut down to, as "案件 ZJD-…", or ""."""
    if not f["oid"]:
        return ""
    named = entries[0].object if entries else f"#{f['oid']}"
    return f"{audit_labels.object_label(f['type']) or f['type']} {named}".strip()


@require_POST
def verify(request):
    result = audit_verify.verify(actor=request.actor)
    if result.queued:
        messages.info(request, result.summary)
    elif result.ok:
        messages.success(request, "审计链校验完成：完整，结果见下方。")
    else:
        messages.error(request, "审计链校验完成：已被破坏，问题见下方。")
    back = QueryDict(request.POST.get("back", ""))  # the filters the log was showing
    return redirect(reverse("audit:log") + (f"?{back.urlencode()}" if back else ""))
