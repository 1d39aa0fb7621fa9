"""Snapshots: every indicator's value per unit and period, kept so that a county, city or province page reads
a row per unit instead of scanning a province's records (6.4 s at 100× the demo, live).

A refresh counts the records of a subtree once per indicator and period, grouped by village (records sitting
on a street or above form their own group), and adds each group to the unit itself and to every unit above
it inside the subtree; units above the subtree are moved by the change of the subtree's own total. Averages
are not stored: they are divided out of their parts when read. Snapshots are derived data, rebuilt at will,
so the refresh is not audited row by row; who asked for one is (stats.services.request_refresh).
"""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenxing.core import indicators, jobs, periods
from zhenxing.core.indicators import Indicator, ratio, registry
from zhenxing.core.paths import under
from zhenxing.core.periods import Period
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats.models import Snapshot, SnapshotRun

VILLAGE_PATH = len("21/2101/210113/210113001/210113001001/")
SNAPSHOT_LEVELS = ("province", "city", "county")  # villages and streets stay live: their scans are small
FOUR = Decimal("0.0001")


def default_periods(today=None) -> list[Period]:
    """What a refresh counts unless told: the years of the trend up to this one, this year so far set beside
    the same days of last year, and this quarter and month with theirs."""
    today = today or timezone.localdate()
    chosen = periods.trend(periods.current("year", today))
    for kind in ("year", "quarter", "month"):
        p = periods.current(kind, today)
        chosen += [p, *p.comparisons(today)]
    unique = {p.key: p for p in chosen}
    return list(unique.values())


def refresh(*, root_path: str, periods_: list[Period], now: datetime | None = None) -> int:
    """Count every indicator under `root_path` for each period; returns the number of rows written."""
    computed_at = now or timezone.now()
    stocks_now: dict[str, dict[str, Decimal]] = {}  # a figure without history is the same in every period
    written = 0
    for period in periods_:
        with transaction.atomic():
            run = _locked_run(root_path, period, computed_at)
            totals = {ind.key: _totals(ind, root_path, period, stocks_now) for ind in _stored()}
            written += _replace(root_path, period, totals)
            run.computed_at = computed_at
            run.save(update_fields=["computed_at"])
    return written


def _locked_run(root_path: str, period: Period, computed_at: datetime) -> SnapshotRun:
    """The run's row, locked: two refreshes of one subtree and period (two workers) take turns, the second
    replacing what the first wrote instead of colliding with it."""
    try:
        with transaction.atomic():
            SnapshotRun.objects.get_or_create(root_path=root_path, period=period.key,
                                              defaults={"computed_at": computed_at})
    except IntegrityError:
        pass  # made by the other refresh meanwhile
    return SnapshotRun.objects.select_for_update().get(root_path=root_path, period=period.key)


def _stored() -> list[Indicator]:
    return [i for i in registry.all() if not i.ratio_of]


def _totals(ind: Indicator, root_path: str, period: Period, stocks_now: dict) -> dict[str, Decimal]:
    if not ind.has_history and ind.key in stocks_now:
        return stocks_now[ind.key]
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for prefix, value in ind.values_by_prefix(root_path, VILLAGE_PATH, period).items():
        for cut in range(len(root_path), len(prefix) + 1):
            if prefix[cut - 1] == "/":
                sums[prefix[:cut]] += Decimal(value or 0)
    if not ind.has_history:
        stocks_now[ind.key] = sums
    return sums


def _replace(root_path: str, period: Period, totals: dict[str, dict[str, Decimal]]) -> int:
    """The subtree's rows for `period` replaced, and the units above it moved by the change of its total."""
    old_root = dict(Snapshot.objects.filter(period=period.key, path=root_path)
                    .values_list("indicator", "value"))
    Snapshot.objects.filter(under(root_path), period=period.key).delete()
    rows = [Snapshot(indicator=key, period=period.key, path=path, value=value.quantize(FOUR))
            for key, by_path in totals.items() for path, value in by_path.items() if value]
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    above = [p for p in _ancestors(root_path)
             if SnapshotRun.objects.filter(period=period.key, root_path__in=[p, *_ancestors(p)]).exists()]
    for path in above:
        for key, by_path in totals.items():
            change = by_path.get(root_path, Decimal(0)) - old_root.get(key, Decimal(0))
            if change:
                row, _ = Snapshot.objects.get_or_create(indicator=key, period=period.key, path=path,
                                                        defaults={"value": 0})
                Snapshot.objects.filter(pk=row.pk).update(value=row.value + change)
    return len(rows)


def _ancestors(path: str) -> list[str]:
    return [path[:i + 1] for i in range(len(path) - 1) if path[i] == "/"]


def as_of(path: str, period: Period) -> datetime | None:
    """When the snapshot that holds `path` for `period` was counted, if one does."""
    return (SnapshotRun.objects.filter(period=period.key, root_path__in=[path, *_ancestors(path)])
            .order_by("-computed_at").values_list("computed_at", flat=True).first())


def read(paths: list[str], period: Period, indicators: list[Indicator]) -> dict[str, dict[str, object]]:
    """{indicator key: {path: value}} from the snapshot rows of `paths` (one query); averages divided out of
    their parts; a unit without a row has 0."""
    keys = {k for i in indicators for k in (i.ratio_of or (i.key,))}
    stored: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for key, path, value in (Snapshot.objects.filter(period=period.key, path__in=paths, indicator__in=keys)
                             .values_list("indicator", "path", "value")):
        stored[key][path] = _number(value)
    result = {}
    for ind in indicators:
        if ind.ratio_of:
            top, bottom = (stored.get(k, {}) for k in ind.ratio_of)
            result[ind.key] = {p: ratio(top.get(p, 0), bottom.get(p, 0)) for p in paths}
        else:
            result[ind.key] = {p: stored.get(ind.key, {}).get(p, 0) for p in paths}
    return result


def _number(value: Decimal):
    """A count reads back as the integer it was; a sum keeps its decimals."""
    return int(value) if value == value.to_integral_value() else value.normalize()


@jobs.task()
def refresh_job(root_path: str, period_keys: list[str]) -> None:
    refresh(root_path=root_path, periods_=[periods.parse(k) for k in period_keys] or default_periods())


@indicators.on_change
def recount_after_import(path: str) -> None:
    """The subtree an import wrote to counted again once it commits, for the periods its snapshot holds."""
    held = set(SnapshotRun.objects.filter(root_path__in=[path, *_ancestors(path)])
               .values_list("period", flat=True))
    if held:
        transaction.on_commit(lambda: refresh_job.enqueue(path, sorted(held)))


@jobs.every(timedelta(hours=1))
def refresh_stale() -> None:
    """Each top unit's default periods counted again when its last count is older than a day, or was made
    before today's periods (this year so far and the same days of last year move at midnight)."""
    day_ago = timezone.now() - timedelta(days=1)
    wanted = default_periods()
    for root in OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True):
        fresh = SnapshotRun.objects.filter(root_path=root, period=wanted[-1].key, computed_at__gte=day_ago)
        if not fresh.exists():
            refresh(root_path=root, periods_=wanted)
