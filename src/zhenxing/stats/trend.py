"""One indicator of one unit over periods, as a line (stats.charts.trend).

The periods are the caller's: `points` is a list of (label, value), where a value may be a callable that
reads it (`lambda: figure_for(unit, indicator, period)`), called here in order, oldest first. The actor must
see the unit's dashboard.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from zhenxing.core.indicators import Indicator
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import charts


@dataclass(frozen=True)
class Series:
    unit: OrgUnit
    indicator: Indicator
    labels: tuple[str, ...]
    values: tuple

    def chart(self, title: str = "") -> charts.Chart:
        title = title or f"{self.unit.name} · {self.indicator.name}变化"
        return charts.trend(title, self.labels, self.values, self.indicator.unit, kind=self.indicator.kind)


Point = tuple[str, object | Callable[[], object]]


def series(*, actor, unit: OrgUnit, indicator: Indicator, points: Sequence[Point]) -> Series:
    access.require(actor, access.VIEW_DASHBOARD, unit.path)
    labels, values = [], []
    for label, point in points:
        labels.append(str(label))
        values.append(point() if callable(point) else point)
    return Series(unit, indicator, tuple(labels), tuple(values))
