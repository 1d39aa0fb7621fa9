"""Indicators declared once and read by every dashboard, ranking, target and export.

An indicator counts or sums the rows of a queryset whose `path` lies under an org unit's path.
Because each level of the tree has fixed-width codes, every child's path has the same length, so
the values for all children of a unit come from one GROUP BY on a path prefix. An average (户均, 人均)
is the ratio of two declared indicators, computed from theirs, and opens to the numerator's records.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, DateTimeField, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from zhenxing.core import numbers
from zhenxing.core.paths import under
from zhenxing.core.periods import Period


@dataclass(frozen=True)
class Column:
    header: str
    # row -> the value itself (a number, a date, an aware datetime, a text), never a text made of a number
    # or a time: the page formats it by its kind and in local time, the export and the API keep it exact.
    value: Callable
    # Where a register's rows leave as data (API, CSV, NDJSON): the field's name and its JSON type (str,
    # int, float, bool, date, datetime, Decimal), or a core.numbers.Kind (COUNT, YUAN, SQUARE_METRES …)
    # that also says how the page reads the number and the export formats it. A drill-down column needs
    # no key.
    key: str = ""
    kind: type | numbers.Kind = str

    def cell(self, row) -> "Cell":
        return Cell(self.header, self.value(row), self.kind)


class Cell(tuple):
    """One cell of a list: (header, value) as a pair, carrying its column's number kind (None for a bare
    type, which a template would call) for the page's filter: `{{ c.1|cell:c.kind }}`."""

    def __new__(cls, header: str, value, kind=None):
        cell = super().__new__(cls, (header, value))
        cell.kind = kind if isinstance(kind, numbers.Kind) else None
        return cell


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    unit: str
    group: str
    records: Callable[[], QuerySet]  # the rows the figure counts (the drill-down)
    columns: tuple[Column, ...]
    path_field: str = "path"
    sum_field: str | None = None  # None: count rows
    description: str = ""
    detail_url: Callable | None = None  # row -> url of the record
    order: int = 0
    drill_capability: str = ""  # capability needed to list the records (set by the declaring app)
    applies_to: tuple[str, ...] = ()  # unit levels where the figure means something; empty: all
    ratio_of: tuple[str, str] | None = None  # (numerator, denominator) keys: an average of two indicators
    # A breakdown of the figure by a field of its records (points by colour category): the field, and the
    # labels of its values (read when shown, since they may be configuration).
    breakdown: str = ""
    breakdown_labels: Callable[[], dict] | None = None
    breakdown_colours: Callable[[], dict] | None = None  # value -> "#rrggbb" for its slice of a chart
    # How the figure reads (core.numbers): a count by default; AREA (m² read in 亩), MONEY (元 in 万元),
    # PERCENT (a ratio as 12%). `unit` stays the unit of the value itself, as the API gives it.
    kind: numbers.Kind = numbers.NUMBER
    # Time (core.periods). A flow names the date that places a record in a period (`period_field`: the day
    # a case was resolved, an entry booked); a stock with validity dates is counted as at the period's last
    # day (`valid_from`, `valid_to`: a post held on that day); `at_period` builds a period's records itself
    # (households that earned points in it). With none of these the figure is a stock counted now, whatever
    # the period asked, and says so (`basis`).
    period_field: str = ""
    valid_from: str = ""
    valid_to: str = ""
    at_period: Callable[[Period], QuerySet] | None = None
    period_label: str = ""  # what `period_field` is, where its verbose name does not say (上报时间)

    @property
    def has_history(self) -> bool:
        if self.ratio_of:
            return any(part.has_history for part in self._parts())
        return bool(self.period_field or self.valid_from or self.at_period)

    @property
    def basis(self) -> str:
        """How a period places the figure's records, as the page and the API say it."""
        if self.ratio_of:
            return "；".join(f"{p.name}：{p.basis}" for p in self._parts())
        if self.period_field:
            label = self.period_label or self._field_label(self.period_field)
            return f"流量：按“{label}”落在所选期间内的记录统计"
        if self.valid_from:
            return "时点数：所选期间最后一天（期间未结束的为今天）在册的记录"
        if self.at_period:
            return "按所选期间统计：" + (self.description or self.name)
        return "当前数：按现有记录统计，不随所选期间变化"

    def _field_label(self, path: str) -> str:
        return str(_field(self.records().model, path).verbose_name)

    def records_in(self, period: Period | None = None) -> QuerySet:
        """The records the figure counts for `period` (None: all of them, as they stand now)."""
        if self.at_period and period is not None:
            return self.at_period(period)
        records = self.records()
        if self.valid_from:  # a stock with dates: in force today, or on the period's last day
            day = min(period.end, timezone.localdate()) if period else timezone.localdate()
            return records.filter(on_or_before(records.model, self.valid_from, day, self.valid_to))
        if self.period_field and period is not None:
            return records.filter(within(records.model, self.period_field, period))
        return records

    def shown(self, value, unit: str = "") -> numbers.Shown:
        """The figure as a page reads it (`unit`: the one chosen for a whole column); a count keeps the
        indicator's own unit (户, 件)."""
        shown = self.kind.show(value, unit)
        return shown if shown.unit or self.kind is numbers.PERCENT else replace(shown, unit=self.unit)

    def applies(self, level: str) -> bool:
        return not self.applies_to or level in self.applies_to

    def _parts(self) -> tuple["Indicator", "Indicator"]:
        return registry.get(self.ratio_of[0]), registry.get(self.ratio_of[1])

    def _under(self, path: str, period: Period | None = None) -> QuerySet:
        return self.records_in(period).filter(under(path, self.path_field))

    def _aggregate(self):
        return Sum(self.sum_field) if self.sum_field else Count("pk")

    def value(self, path: str, period: Period | None = None):
        if self.ratio_of:
            numerator, denominator = self._parts()
            return ratio(numerator.value(path, period), denominator.value(path, period))
        result = self._under(path, period).aggregate(v=self._aggregate())["v"]
        return result or 0

    def values_by_prefix(self, parent_path: str, child_path_length: int,
                         period: Period | None = None) -> dict[str, object]:
        if self.ratio_of:
            numerator, denominator = self._parts()
            top = numerator.values_by_prefix(parent_path, child_path_length, period)
            bottom = denominator.values_by_prefix(parent_path, child_path_length, period)
            return {prefix: ratio(top.get(prefix, 0), bottom.get(prefix, 0)) for prefix in top}
        rows = (
            self._under(parent_path, period)
            .annotate(prefix=Substr(self.path_field, 1, child_path_length))
            .order_by()
            .values("prefix")
            .annotate(v=self._aggregate())
        )
        return {r["prefix"]: r["v"] or 0 for r in rows}

    def drill(self, path: str, part: str | None = None, period: Period | None = None) -> QuerySet:
        """The records behind the figure; with `part`, only those of one value of the breakdown."""
        records = self._under(path, period)
        if part is not None and self.breakdown:
            records = records.filter(**{self.breakdown: part})
        return records

    def breakdown_values(self, path: str, period: Period | None = None) -> list[tuple[str, str, object]]:
        """(value, label, figure) for each value of the breakdown field under `path`: one GROUP BY."""
        if not self.breakdown or self.ratio_of:
            return []
        labels = self.breakdown_labels() if self.breakdown_labels else {}
        rows = (self._under(path, period).order_by().values(self.breakdown).annotate(v=self._aggregate())
                .order_by(self.breakdown))
        result = []
        for r in rows:
            value = r[self.breakdown]
            result.append((value, labels.get(value, value or "（未分类）"), r["v"] or 0))
        return result


def _field(model, path: str):
    *hops, name = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(name)


def within(model, path: str, period: Period) -> Q:
    """Rows whose date (or local date of a date-time) `path` falls in `period`: a range on the column
    itself, so that an index on it serves."""
    if isinstance(_field(model, path), DateTimeField):
        start, after = period.bounds()
        return Q(**{f"{path}__gte": start, f"{path}__lt": after})
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def on_or_before(model, valid_from: str, day, valid_to: str = "") -> Q:
    """Rows in force at the end of `day`: begun by then (or with no beginning recorded), not ended by then."""
    after = Period("range", day, day).bounds()[1]

    def by_then(path: str) -> Q:
        if isinstance(_field(model, path), DateTimeField):
            return Q(**{f"{path}__lt": after})
        return Q(**{f"{path}__lte": day})

    in_force = Q(**{f"{valid_from}__isnull": True}) | by_then(valid_from)
    if valid_to:
        in_force &= Q(**{f"{valid_to}__isnull": True}) | ~by_then(valid_to)
    return in_force


def ratio(numerator, denominator) -> Decimal:
    """An average to two places; nothing to divide by gives 0 (a village without households)."""
    if not denominator:
        return Decimal(0)
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


@dataclass
class Registry:
    indicators: dict[str, Indicator] = field(default_factory=dict)

    def register(self, *indicators: Indicator) -> None:
        for indicator in indicators:
            if indicator.key in self.indicators:
                raise ValueError(f"indicator {indicator.key} declared twice")
            self.indicators[indicator.key] = indicator

    def get(self, key: str) -> Indicator | None:
        return self.indicators.get(key)

    def all(self, level: str | None = None) -> list[Indicator]:
        chosen = [i for i in self.indicators.values() if level is None or i.applies(level)]
        return sorted(chosen, key=lambda i: (i.order, i.key))


registry = Registry()


def progress(value, target) -> int | None:
    if not target:
        return None
    return int(Decimal(value) * 100 / Decimal(target))


_on_change: list[Callable[[str], None]] = []


def on_change(listener: Callable[[str], None]) -> Callable[[str], None]:
    """Register what to do when the records under a path changed in bulk (an import): the snapshots of
    the figures are counted again there."""
    _on_change.append(listener)
    return listener


def touched(path: str) -> None:
    for listener in _on_change:
        listener(path)
