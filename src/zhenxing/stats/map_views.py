"""The page of an indicator's map of villages (stats.maps); scoped like the dashboard (404 outside it)."""

from django.http import Http404
from django.shortcuts import redirect, render

from zhenxing.core.indicators import registry
from zhenxing.orgs import selectors as org_selectors
from zhenxing.stats import maps, panels, selectors


def village_map(request, code, key):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    indicator = selectors.indicator(key)
    if not indicator.applies("village"):
        raise Http404("该指标不按村统计")
    other = request.GET.get("indicator")  # the page's own choice of indicator, without a script
    if other:
        return redirect("stats:map", unit.code, selectors.indicator(other).key)
    whole = unit.level not in panels.WIDE_LEVELS
    return render(request, "stats/map.html", {
        "unit": unit,
        "indicator": indicator,
        "map": maps.village_map(actor=actor, unit=unit, indicator=indicator) if whole else None,
        "parts": [] if whole else org_selectors.children(actor=actor, unit=unit),
        "choices": registry.all("village"),
    })
