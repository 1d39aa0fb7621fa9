"""Pages of 入户走访: the grid's households with their last visit, logging a visit (phone first), the log."""

import dataclasses
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.governance.visits import registers as r
from zhenxing.governance.visits import selectors
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.people import selectors as people_selectors


def grid(request):
    counts = selectors.visit_counts(actor=request.actor)
    target = "governance:visit_new" if request.actor.can(access.REPORT_CASE) else "people:household"
    # Those who visit open the visit form; the others the household.
    register = dataclasses.replace(r.GRID, url_of=lambda h: reverse(target, args=[h.pk]))
    title = f"我的网格（本月走访 {counts['visits']} 次、{counts['households']} 户）"
    return register.page(request, title=title, links=[(reverse("governance:visits"), "走访记录")])


def visits(request):
    return r.VISITS.page(request, links=[(reverse("governance:grid"), "我的网格")])


def visit_new(request, pk):
    actor = request.actor
    household = people_selectors.household(actor=actor, pk=pk)
    access.require(actor, access.REPORT_CASE, household.path)
    values = {"visited_on": str(date.today()), "purpose": "routine", "notes": ""}
    errors = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("visited_on", "purpose", "notes")}
        data = request.POST.copy()
        data["household"] = str(household.pk)  # the page's URL names it
        form = r.ADD_VISIT.bind(actor, data, request.FILES)
        if form.is_valid():
            try:
                r.ADD_VISIT.perform(actor, form, None)
            except ValidationError as exc:
                form.absorb(exc)
            else:
                messages.success(request, f"已记录对 {household.number} 户的走访。")
                return redirect("governance:grid")
        errors = form.errors
    return render(request, "governance/visits/new.html", {
        "household": household, "members": people_selectors.members(household=household),
        "history": selectors.household_visits(household=household)[:10], "errors": errors, "values": values,
        "purposes": Visit.PURPOSES,
    }, status=400 if errors else 200)
