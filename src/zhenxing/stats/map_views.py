"""The page of an indicator's map of villages (stats.maps); scoped like the dashboard (404 outside it)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.core import periods
from zhenxing.core.indicators import registry
from zhenxing.orgs import selectors as org_selectors
from zhenxing.stats import maps, panels, selectors, views


def village_map(request, code, key):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    indicator = selectors.indicator(key)
    if not indicator.applies("village"):
        raise Http404("该指标不按村统计")
    try:
        period = views.period_asked(request)
    except periods.PeriodError as error:
        return views.bad_period(request, unit, error)
    other = request.GET.get("indicator")  # the page's own choice of indicator, without a script
    if other:
        url = reverse("stats:map", args=[unit.code, selectors.indicator(other).key])
        return redirect(f"{url}?period={period.key}")
    whole = unit.level not in panels.WIDE_LEVELS
    return render(request, "stats/map.html", {
        "unit": unit,
        "indicator": indicator,
        "period": period,
        "period_choices": periods.choices(),
        "map": (maps.village_map(actor=actor, unit=unit, indicator=indicator, period=period) if whole
                else None),
        "parts": [] if whole else org_selectors.children(actor=actor, unit=unit),
        "choices": registry.all("village"),
    })
