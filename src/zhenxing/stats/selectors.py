"""Dashboard figures: every value comes from a declared indicator, for units inside the actor's scope."""

from dataclasses import dataclass

from django.http import Http404

from zhenxing.core.indicators import Indicator, progress, registry, targets_for
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit


@dataclass
class Figure:
    indicator: Indicator
    value: object
    target: object = None
    percent: int | None = None


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


def dashboard_unit(*, actor, code: str) -> OrgUnit:
    return org_selectors.org_unit(actor=actor, code=code, capability=access.VIEW_DASHBOARD)


def indicator(key: str) -> Indicator:
    ind = registry.get(key)
    if ind is None:
        raise Http404
    return ind
