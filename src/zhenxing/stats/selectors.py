"""Dashboard figures: every value comes from a declared indicator, for units inside the actor's scope."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from zhenxing.core import periods
from zhenxing.core.indicators import Indicator, progress, ratio, registry
from zhenxing.core.models import IndicatorTarget
from zhenxing.core.periods import Period
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import snapshots


@dataclass
class Figure:
    indicator: Indicator
    value: object
    target: object = None  # the value aimed at (a growth target: last year's value grown by it)
    percent: int | None = None
    before: object = None  # the same span a year before (同比)
    previous: object = None  # the span just before (环比)
    growth_target: Decimal | None = None  # the target as a growth rate in percent, where it was set so

    @property
    def shown(self):
        return self.indicator.shown(self.value)

    @property
    def target_shown(self):
        return None if self.target is None else self.indicator.shown(self.target)

    @property
    def year_on_year(self) -> "Change | None":
        return change(self.value, self.before, self.indicator)

    @property
    def on_previous(self) -> "Change | None":
        return change(self.value, self.previous, self.indicator)


@dataclass
class Change:
    difference: object  # in the figure's own unit
    rate: Decimal | None  # percent; None where there was nothing to grow from
    shown: object  # the difference as the page reads it
    before_shown: object

    @property
    def direction(self) -> str:
        return "up" if self.difference > 0 else ("down" if self.difference < 0 else "flat")


def change(value, before, indicator: Indicator) -> Change | None:
    if before is None:
        return None
    difference = Decimal(value) - Decimal(before)
    rate = None if not before else (difference * 100 / Decimal(before)).quantize(Decimal("0.1"))
    return Change(difference, rate, indicator.shown(abs(difference)), indicator.shown(before))


@dataclass
class Dashboard:
    figures: list[Figure]
    indicators: list[Indicator]  # the children table's columns
    rows: list[tuple[OrgUnit, list]]
    period: Period
    compared: tuple[Period, Period]  # (a year before, just before) of what has happened of the period
    as_of: datetime | None = None  # read from a snapshot counted then; None: counted live


def dashboard(*, actor, unit: OrgUnit, period: Period) -> Dashboard:
    """Cards and children table: from the snapshot where the unit is a county or above and one was counted
    for the period, otherwise from one grouped scan per indicator (the groups add up to the unit's own
    figure, records sitting on the unit itself forming a group of their own)."""
    children = list(org_selectors.children(actor=actor, unit=unit))
    card_indicators = registry.all(unit.level)
    column_indicators = registry.all(children[0].level) if children else []
    wanted = list({i.key: i for i in card_indicators + column_indicators}.values())
    values, as_of = _values(wanted, unit, children, period)
    before, previous = period.comparisons()
    # A figure without history is the same in every period: nothing to set beside it.
    moving = [i for i in card_indicators if i.has_history]
    moving += [registry.get(k) for i in moving for k in i.ratio_of or () if registry.get(k) not in moving]
    past = {p.key: _values(moving, unit, [], p)[0] for p in (before, previous)}
    goals = _targets(card_indicators, unit, period)
    figures_ = []
    for ind in card_indicators:
        value = values[ind.key][unit.path]
        target, growth = goals.get(ind.key, (None, None))
        then = {key: by_key[ind.key][unit.path] if ind.has_history else None
                for key, by_key in past.items()}
        figures_.append(Figure(ind, value, target, progress(value, target), before=then[before.key],
                               previous=then[previous.key], growth_target=growth))
    rows = [(child, [(ind, values[ind.key].get(child.path, 0)) for ind in column_indicators])
            for child in children]
    return Dashboard(figures_, column_indicators, rows, period, (before, previous), as_of)


def _values(indicators: list[Indicator], unit: OrgUnit, children: list[OrgUnit],
            period: Period) -> tuple[dict[str, dict[str, object]], datetime | None]:
    """{indicator: {path: value}} for the unit and its children, and when the snapshot read was counted."""
    paths = [unit.path, *(c.path for c in children)]
    as_of = snapshots.as_of(unit.path, period) if unit.level in snapshots.SNAPSHOT_LEVELS else None
    if as_of is not None:
        return snapshots.read(paths, period, indicators), as_of
    lengths = sorted({len(c.path) for c in children}) or [len(unit.path)]
    grouped: dict[str, list[dict]] = {}
    # Averages last: they are divided out of their parts' groups when those were scanned anyway.
    for ind in sorted(indicators, key=lambda i: i.ratio_of is not None):
        grouped[ind.key] = _grouped(ind, grouped, unit.path, lengths, period)
    values = {}
    for ind in indicators:
        by_child = {c.path: next((g for g in grouped[ind.key] if c.path in g), {}).get(c.path, 0)
                    for c in children}
        values[ind.key] = {unit.path: _total(ind, grouped, unit.path, period), **by_child}
    return values, None


def _targets(indicators: list[Indicator], unit: OrgUnit, period: Period) -> dict[str, tuple]:
    """{indicator: (value aimed at, growth rate or None)} for a year: a growth target is last year's whole
    value grown by the rate. Targets are yearly, so a quarter or a month has none."""
    if period.kind != "year":
        return {}
    result = {}
    last_year = periods.year(period.year - 1)
    by_key = {i.key: i for i in indicators}
    for t in IndicatorTarget.objects.filter(scope_path=unit.path, year=period.year, indicator__in=by_key):
        if t.basis == IndicatorTarget.GROWTH:
            base = _values([by_key[t.indicator]], unit, [], last_year)[0][t.indicator][unit.path]
            result[t.indicator] = (t.aimed(base), t.value)
        else:
            result[t.indicator] = (t.value, None)
    return result


def dashboard_unit(*, actor, code: str) -> OrgUnit:
    return org_selectors.org_unit(actor=actor, code=code, capability=access.VIEW_DASHBOARD)


def indicator(key: str) -> Indicator:
    ind = registry.get(key)
    if ind is None:
        raise Http404
    return ind


@dataclass
class UnitFigure:
    unit: OrgUnit
    value: object
    target: object = None
    percent: int | None = None
    before: object = None


def indicator_values(*, actor, unit: OrgUnit, indicator: Indicator,
                     period: Period) -> tuple[UnitFigure, list, datetime | None]:
    """One indicator for a unit and each of its children in scope, by the dashboard's own arithmetic (the
    same snapshot or grouped scans), so the API and the page never differ; with each unit's value a year
    before and its target for the year (a year's period only)."""
    children = list(org_selectors.children(actor=actor, unit=unit))
    values, as_of = _values([indicator], unit, children, period)
    before = _values([indicator], unit, children, period.comparisons()[0])[0][indicator.key]
    goals = _unit_targets(indicator, unit, children, period)

    def figure(u: OrgUnit) -> UnitFigure:
        value, target = values[indicator.key][u.path], goals.get(u.path)
        return UnitFigure(u, value, target, progress(value, target), before.get(u.path, 0))

    return figure(unit), [figure(c) for c in children], as_of


def _unit_targets(indicator: Indicator, unit: OrgUnit, children: list[OrgUnit], period: Period) -> dict:
    """{path: value aimed at} for the unit and its children in one query (and one more for last year's
    values if a growth target is among them)."""
    if period.kind != "year":
        return {}
    paths = [unit.path, *(c.path for c in children)]
    found = list(IndicatorTarget.objects.filter(indicator=indicator.key, year=period.year,
                                                scope_path__in=paths))
    base = {}
    if any(t.basis == IndicatorTarget.GROWTH for t in found):
        base = _values([indicator], unit, children, periods.year(period.year - 1))[0][indicator.key]
    return {t.scope_path: t.aimed(base.get(t.scope_path, 0)) for t in found}


def trend(*, unit: OrgUnit, indicator: Indicator, period: Period,
          count: int = 6) -> list[tuple[Period, object]]:
    """The figure over `count` periods of the same kind, oldest first: the latest ones up to today, which
    hold `period` unless it lies further back (then those ending with it). A running period is counted so
    far."""
    latest = periods.current(period.kind if period.kind != "range" else "year")
    window = periods.trend(latest, count)
    if period.kind == "range" or period.start < window[0].start:
        window = periods.trend(period, count)
    return [(p, _values([indicator], unit, [], p)[0][indicator.key][unit.path]) for p in window]


def drill(*, actor, unit: OrgUnit, indicator: Indicator, period: Period | None = None,
          part: str | None = None) -> QuerySet:
    """The records behind a figure for `period`: exactly those it counted. The indicator may need more than
    the dashboard to open them (the people behind a count need VIEW_PEOPLE). `part` is one value of the
    breakdown, if the indicator has one."""
    access.require(actor, indicator.drill_capability or access.VIEW_DASHBOARD, unit.path)
    return indicator.drill(unit.path, part if indicator.breakdown else None, period)


def targets(*, unit: OrgUnit, year: int) -> QuerySet[IndicatorTarget]:
    return (IndicatorTarget.objects.filter(scope_path=unit.path, year=year).select_related("set_by")
            .order_by("indicator"))


def _grouped(ind: Indicator, grouped: dict, path: str, lengths: list[int], period: Period) -> list[dict]:
    if ind.ratio_of and all(k in grouped for k in ind.ratio_of):
        top, bottom = (grouped[k] for k in ind.ratio_of)
        return [{p: ratio(t.get(p, 0), b.get(p, 0)) for p in t} for t, b in zip(top, bottom, strict=True)]
    return [ind.values_by_prefix(path, length, period) for length in lengths]


def _total(ind: Indicator, grouped: dict, path: str, period: Period):
    """The unit's own figure: its groups added up (an average: its parts' totals divided)."""
    if ind.ratio_of and all(k in grouped for k in ind.ratio_of):
        top, bottom = (sum(grouped[k][0].values()) for k in ind.ratio_of)
        return ratio(top, bottom)
    if ind.ratio_of:
        return ind.value(path, period)
    return sum(grouped[ind.key][0].values())
