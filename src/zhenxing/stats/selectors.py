"""Dashboard figures: every value comes from a declared indicator, for units inside the actor's scope."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from zhenxing.core.indicators import Indicator, progress, ratio, registry, targets_for
from zhenxing.core.models import IndicatorTarget
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit


@dataclass
class Figure:
    indicator: Indicator
    value: object
    target: object = None
    percent: int | None = None

    @property
    def shown(self):
        return self.indicator.shown(self.value)

    @property
    def target_shown(self):
        return None if self.target is None else self.indicator.shown(self.target)


def figures(*, unit: OrgUnit, year: int) -> list[Figure]:
    targets = targets_for(unit.path, year)
    result = []
    for ind in registry.all(unit.level):
        value = ind.value(unit.path)
        target = targets.get(ind.key)
        result.append(Figure(ind, value, target, progress(value, target)))
    return result


def children_table(*, actor, unit: OrgUnit) -> tuple[list[Indicator], list[tuple[OrgUnit, list]]]:
    """Each child's value of each indicator: one grouped query per indicator and child path length."""
    children = list(org_selectors.children(actor=actor, unit=unit))
    indicators = registry.all(children[0].level) if children else []
    lengths = sorted({len(c.path) for c in children})
    values: dict[str, dict[str, object]] = {}
    for ind in indicators:
        merged: dict[str, object] = {}
        for length in lengths:
            merged.update(ind.values_by_prefix(unit.path, length))
        values[ind.key] = merged
    rows = [(c, [(i, values[i.key].get(c.path, 0)) for i in indicators]) for c in children]
    return indicators, rows


@dataclass
class Dashboard:
    figures: list[Figure]
    indicators: list[Indicator]  # the children table's columns
    rows: list[tuple[OrgUnit, list]]


def dashboard(*, actor, unit: OrgUnit, year: int) -> Dashboard:
    """Cards and children table from one pass per indicator.

    Grouping the unit's records by child path prefix gives every child's value, and the groups add
    up to the unit's own figure (records sitting on the unit itself form a group of their own), so the
    cards need no second scan — at province scale each scan of the person table costs seconds.
    """
    children = list(org_selectors.children(actor=actor, unit=unit))
    lengths = sorted({len(c.path) for c in children}) or [len(unit.path)]
    card_indicators = registry.all(unit.level)
    column_indicators = registry.all(children[0].level) if children else []
    grouped: dict[str, list[dict]] = {}
    wanted = {i.key: i for i in card_indicators + column_indicators}
    # Averages last: they are divided out of their parts' groups when those were scanned anyway.
    for ind in sorted(wanted.values(), key=lambda i: i.ratio_of is not None):
        grouped[ind.key] = _grouped(ind, grouped, unit.path, lengths)
    targets = targets_for(unit.path, year)
    figures_ = []
    for ind in card_indicators:
        value = _total(ind, grouped, unit.path)
        figures_.append(Figure(ind, value, targets.get(ind.key), progress(value, targets.get(ind.key))))
    rows = []
    for child in children:
        cells = []
        for ind in column_indicators:
            by_prefix = next((g for g in grouped[ind.key] if child.path in g), {})
            cells.append((ind, by_prefix.get(child.path, 0)))
        rows.append((child, cells))
    return Dashboard(figures_, column_indicators, rows)


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


def indicator_values(*, actor, unit: OrgUnit, indicator: Indicator, year: int) -> tuple[UnitFigure, list]:
    """One indicator for a unit and each of its children in scope, by the dashboard's own arithmetic (the
    same grouped scans; the unit's figure is its groups added up), so the API and the page never differ.
    Targets are read for the unit and for each child."""
    children = list(org_selectors.children(actor=actor, unit=unit))
    lengths = sorted({len(c.path) for c in children}) or [len(unit.path)]
    grouped: dict[str, list[dict]] = {}
    parts = [registry.get(k) for k in indicator.ratio_of or ()]
    for ind in [*parts, indicator]:  # an average's parts first, as the dashboard scans them
        grouped[ind.key] = _grouped(ind, grouped, unit.path, lengths)
    targets = dict(IndicatorTarget.objects.filter(
        indicator=indicator.key, year=year, scope_path__in=[unit.path, *(c.path for c in children)],
    ).values_list("scope_path", "value"))

    def figure(u: OrgUnit, value) -> UnitFigure:
        target = targets.get(u.path)
        return UnitFigure(u, value, target, progress(value, target))

    rows = [figure(c, next((g for g in grouped[indicator.key] if c.path in g), {}).get(c.path, 0))
            for c in children]
    return figure(unit, _total(indicator, grouped, unit.path)), rows


def drill(*, actor, unit: OrgUnit, indicator: Indicator, part: str | None = None) -> QuerySet:
    """The records behind a figure; the indicator may need more than the dashboard to open them (the people
    behind a count need VIEW_PEOPLE). `part` is one value of the breakdown, if the indicator has one."""
    access.require(actor, indicator.drill_capability or access.VIEW_DASHBOARD, unit.path)
    return indicator.drill(unit.path, part if indicator.breakdown else None)


def targets(*, unit: OrgUnit, year: int) -> QuerySet[IndicatorTarget]:
    return (IndicatorTarget.objects.filter(scope_path=unit.path, year=year).select_related("set_by")
            .order_by("indicator"))


def _grouped(ind: Indicator, grouped: dict, path: str, lengths: list[int]) -> list[dict]:
    if ind.ratio_of and all(k in grouped for k in ind.ratio_of):
        top, bottom = (grouped[k] for k in ind.ratio_of)
        return [{p: ratio(t.get(p, 0), b.get(p, 0)) for p in t} for t, b in zip(top, bottom, strict=True)]
    return [ind.values_by_prefix(path, length) for length in lengths]


def _total(ind: Indicator, grouped: dict, path: str):
    """The unit's own figure: its groups added up (an average: its parts' totals divided)."""
    if ind.ratio_of and all(k in grouped for k in ind.ratio_of):
        top, bottom = (sum(grouped[k][0].values()) for k in ind.ratio_of)
        return ratio(top, bottom)
    if ind.ratio_of:
        return ind.value(path)
    return sum(grouped[ind.key][0].values())
