"""What the dashboard and the drill-down pages draw, from the figures those pages have already read (no query
of its own): the children's bars of one chosen indicator (?chart=<key>), a breakdown's donut, and the link
to the indicator's map of villages."""

from urllib.parse import quote, urlencode

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Indicator
from zhenxing.core.periods import Period
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import charts, selectors, trend

# A map of villages is drawn for a county and below (hundreds of villages); a city or province gets links to
# its counties' maps instead of tens of thousands of boundaries in one page.
MAP_LEVELS = ("county", "town", "village")
WIDE_LEVELS = ("province", "city")
# Query parameters a chart's links do not carry on: its own choice and the page's one-off actions.
NOT_KEPT = ("chart", "export", "page", "part")


def is_count(indicator: Indicator) -> bool:
    return indicator.sum_field is None and not indicator.ratio_of


def chosen_indicator(key: str | None, indicators: list[Indicator], rows: list) -> Indicator | None:
    """The indicator asked for, else the first count whose bars differ (a comparison to see), else the first
    count that some child has any of, else the first count."""
    asked = next((i for i in indicators if i.key == key), None)
    if asked is not None:
        return asked
    # Figures that move with time first: a year's comparison is what the page is asked for.
    counts = sorted((n for n, i in enumerate(indicators) if is_count(i)),
                    key=lambda n: not indicators[n].has_history)
    columns = {n: [vals[n][1] for _, vals in rows] for n in counts}
    for wanted in (lambda v: len(set(v)) > 1, any, lambda v: True):
        found = next((n for n in counts if wanted(columns[n])), None)
        if found is not None:
            return indicators[found]
    return indicators[0] if indicators else None


def map_url(unit: OrgUnit, indicator: Indicator) -> str:
    """The indicator's map of the unit's villages, where there are villages to colour by it."""
    if unit.level not in MAP_LEVELS or not indicator.applies("village"):
        return ""
    return reverse("stats:map", args=[unit.code, indicator.key])


def children_chart(request, unit: OrgUnit, indicators: list[Indicator], rows: list) -> dict:
    """The dashboard's bar chart: each child's figure of the chosen indicator, largest first; a bar opens the
    child's dashboard with the same chart (and the same year or period)."""
    chosen = chosen_indicator(request.GET.get("chart"), indicators, rows)
    if chosen is None or not rows:
        return {}
    n = indicators.index(chosen)
    keep = [(k, v) for k, v in request.GET.items() if k not in NOT_KEPT]
    query = urlencode([*keep, ("chart", chosen.key)])
    ranked = sorted(rows, key=lambda row: -(numbers.as_decimal(row[1][n][1]) or 0))
    chart = charts.bars(
        f"{unit.name}下级单位 · {chosen.name}",
        [child.name for child, _ in ranked],
        [vals[n][1] for _, vals in ranked],
        chosen.unit,
        [f"{reverse('stats:dashboard', args=[child.code])}?{query}" for child, _ in ranked],
        kind=chosen.kind,
        label_header=ranked[0][0].kind_label if ranked else "名称",
    )
    link = map_url(unit, chosen)
    return {
        "children_chart": chart,
        "chart_indicator": chosen,
        "chart_choices": indicators,
        "chart_keep": keep,
        "chart_map_url": f"{link}?{urlencode(keep)}" if link and keep else link,
    }


def trend_chart(*, actor, unit: OrgUnit, indicator: Indicator, period: Period) -> charts.Chart | None:
    """The figure over the six periods of the same kind ending with this one (years for a range), for a figure
    that moves with time."""
    if not indicator.has_history:
        return None
    points = [(f"{p.label}（至今）" if p.is_partial() else p.label, v)
              for p, v in selectors.trend(unit=unit, indicator=indicator, period=period)]
    return trend.series(actor=actor, unit=unit, indicator=indicator, points=points).chart()


def breakdown_chart(indicator: Indicator, breakdown: list,
                    period: Period | None = None) -> charts.Chart | None:
    """The drill-down's donut of a breakdown (value, label, figure); a slice opens that part's records and has
    the colour configured for it (七色积分's categories), else the one its name says, else the palette's."""
    if not breakdown:
        return None
    configured = indicator.breakdown_colours() if indicator.breakdown_colours else {}
    guessed = charts.colours_for([label for _, label, _ in breakdown])
    chart = charts.donut(
        f"{indicator.name}构成",
        [label for _, label, _ in breakdown],
        [v for _, _, v in breakdown],
        indicator.unit,
        [f"?{urlencode({'period': period.key}) + '&' if period else ''}part={quote(str(key))}"
         for key, _, _ in breakdown],
        kind=indicator.kind,
        colours=[configured.get(key) or guess for (key, _, _), guess in zip(breakdown, guessed, strict=True)],
    )
    return None if chart.empty else chart
