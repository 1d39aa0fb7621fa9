"""Pages of 入户走访: the grid's households with their last visit, logging a visit (phone first), the log."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.governance.dates import day
from zhenxing.governance.visits import selectors, services
from zhenxing.governance.visits.indicators import VISIT_COLUMNS
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.orgs.registers import query_filter, register_page
from zhenxing.people import selectors as people_selectors

GRID_COLUMNS = (
    Column("户编号", lambda h: h.number),
    Column("户主", lambda h: h.head.name if h.head else ""),
    Column("网格", lambda h: h.grid.name if h.grid else h.village.name),
    Column("住址", lambda h: h.address),
    Column("最近走访", lambda h: h.last_visit or "未走访"),
)


def grid(request):
    f = query_filter(selectors.GridFilter, request.GET)
    counts = selectors.visit_counts(actor=request.actor)
    target = "governance:visit_new" if request.actor.can(access.REPORT_CASE) else "people:household"
    return register_page(
        request, title=f"我的网格（本月走访 {counts['visits']} 次、{counts['households']} 户）",
        queryset=selectors.grid_households(actor=request.actor, filters=f), columns=GRID_COLUMNS,
        # Those who visit open the visit form; the others the household.
        url_of=lambda h: reverse(target, args=[h.pk]),
        filters=[
            ("q", "户编号或户主", "text", None, f.q),
            ("village", "村/网格", "village", None, f.village),
            ("unvisited", "走访情况", "select", [("yes", f"{selectors.UNVISITED_DAYS}天未走访")],
             f.unvisited),
        ],
        links=[(reverse("governance:visits"), "走访记录")],
    )


def visits(request):
    f = query_filter(selectors.VisitFilter, request.GET)
    return register_page(
        request, title="入户走访记录", queryset=selectors.visits(actor=request.actor, filters=f),
        columns=VISIT_COLUMNS, url_of=lambda v: reverse("people:household", args=[v.household_id]),
        filters=[
            ("q", "户编号或户主", "text", None, f.q),
            ("village", "村/网格", "village", None, f.village),
            ("purpose", "事由", "select", Visit.PURPOSES, f.purpose),
            ("follow_up", "需跟进", "select", [("yes", "需跟进")], f.follow_up),
        ],
        links=[(reverse("governance:grid"), "我的网格")],
    )


def visit_new(request, pk):
    actor = request.actor
    household = people_selectors.household(actor=actor, pk=pk)
    access.require(actor, access.REPORT_CASE, household.path)
    errors, values = {}, {"visited_on": str(date.today()), "purpose": "routine", "notes": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("visited_on", "purpose", "notes")}
        try:
            visited_on = day(values["visited_on"], "visited_on")
        except ValidationError as exc:
            errors, visited_on = exc.message_dict, None
        if not errors:
            try:
                services.log_visit(actor=actor, household=household, visited_on=visited_on,
                                   purpose=values["purpose"], notes=values["notes"],
                                   follow_up_needed=request.POST.get("follow_up_needed") == "1",
                                   photos=request.FILES.getlist("photos"))
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, f"已记录对 {household.number} 户的走访。")
                return redirect("governance:grid")
    return render(request, "governance/visits/new.html", {
        "household": household, "members": people_selectors.members(household=household),
        "history": selectors.household_visits(household=household)[:10], "errors": errors, "values": values,
        "purposes": Visit.PURPOSES,
    }, status=400 if errors else 200)
