"""分村地图: one indicator over a unit's villages, each village coloured on its stored boundary by the class
of its figure (5 quantile classes, and 无数据 for a village with no records of it), a click opening that
village's drill-down of the indicator.

The figures come from the dashboard's own arithmetic (one grouped scan by village path prefix, through
`village_values`, the one place to add a period later). Boundaries are kept as GeoJSON in EPSG:4490
(CGCS2000), which differs from WGS84 by centimetres: Leaflet draws them as they are, simplified to what the
page can show.
"""

import json
import math
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db.models import QuerySet
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Indicator, ratio, registry
from zhenxing.core.paths import under
from zhenxing.core.periods import Period
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import snapshots

CLASSES = 5
PALETTE = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")  # light to dark: larger reads darker
NO_DATA = "#d9d9d9"
DETAIL = 1500  # the map's extent over this many steps: finer than a screen shows is dropped
PLACES = 6  # decimal places of a coordinate kept for the page: about 0.1 m


@dataclass(frozen=True)
class Class:
    index: int
    low: object
    high: object
    colour: str
    label: str  # "3 – 12 户"
    count: int  # villages in it


@dataclass
class Village:
    unit: OrgUnit
    value: object  # None: no records (无数据)
    text: str = ""  # the figure as the page reads it, with its unit
    exact: str = ""
    klass: Class | None = None
    url: str = ""  # its drill-down, where the actor may open it

    @property
    def colour(self) -> str:
        return self.klass.colour if self.klass else NO_DATA


@dataclass
class VillageMap:
    unit: OrgUnit
    indicator: Indicator
    villages: list[Village]
    classes: list[Class]
    unit_label: str  # the unit every figure of the map is in ("户", "亩", "万元"; "" for a rate)
    geojson: dict = field(default_factory=dict)
    missing: list[Village] = field(default_factory=list)  # no boundary to draw
    no_data_colour: str = NO_DATA

    @property
    def no_data(self) -> int:
        return sum(1 for v in self.villages if v.klass is None)

    @property
    def ranked(self) -> list[Village]:
        """Largest first, the villages without records last."""
        return sorted(self.villages, key=lambda v: (v.value is None, -(numbers.as_decimal(v.value) or 0)))


def villages(*, actor, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The villages under (or being) `unit` that the actor's dashboard reaches."""
    return access.scoped(OrgUnit.objects.filter(under(unit.path), level="village"), actor,
                         access.VIEW_DASHBOARD).order_by("code")


def _by_village(indicator: Indicator, unit: OrgUnit, lengths: list[int], period: Period | None) -> dict:
    merged: dict = {}
    for length in lengths:
        merged.update(indicator.values_by_prefix(unit.path, length, period))
    return merged


def village_values(*, actor, unit: OrgUnit, indicator: Indicator,
                   period: Period | None = None) -> list[tuple[OrgUnit, object]]:
    """Each village in scope under `unit` with its figure for `period`, None where it has none: no records
    counted, or for an average (户均, a rate) nothing to divide by. A county's villages are read from its
    snapshot where one was counted for the period (a row per village), as its dashboard is."""
    units = list(villages(actor=actor, unit=unit))
    if period is not None and unit.level in snapshots.SNAPSHOT_LEVELS and snapshots.as_of(unit.path, period):
        parts = [registry.get(k) for k in indicator.ratio_of or (indicator.key,)]
        stored = snapshots.read([v.path for v in units], period, parts)
        if indicator.ratio_of:
            top, bottom = (stored[k] for k in indicator.ratio_of)
            values = {p: ratio(top[p], b) for p, b in bottom.items() if b}
        else:
            values = {p: v for p, v in stored[indicator.key].items() if v}
        return [(v, values.get(v.path)) for v in units]
    lengths = sorted({len(v.path) for v in units})
    if indicator.ratio_of:
        top, bottom = (_by_village(registry.get(k), unit, lengths, period) for k in indicator.ratio_of)
        values = {p: ratio(top.get(p, 0), b) for p, b in bottom.items() if b}
    else:
        values = _by_village(indicator, unit, lengths, period)
    return [(v, values.get(v.path)) for v in units]


def _colours(count: int) -> list[str]:
    """`count` colours of the palette, spread from its lightest to its darkest."""
    if count == 1:
        return [PALETTE[len(PALETTE) // 2]]
    last = len(PALETTE) - 1
    return [PALETTE[round(i * last / (count - 1))] for i in range(count)]


def classes(values: list, indicator: Indicator, column_unit: str) -> list[Class]:
    """Quantile classes of the known values: each holds about as many villages, and as many classes as there
    are distinct values, up to CLASSES; a class is labelled by its smallest and largest member."""
    known = sorted(d for d in map(numbers.as_decimal, values) if d is not None)
    if not known:
        return []
    uppers: list = []
    for i in range(1, CLASSES + 1):
        upper = known[math.ceil(i * len(known) / CLASSES) - 1]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    members: list[list] = [[] for _ in uppers]
    for value in known:
        members[bisect_left(uppers, value)].append(value)

    def read(value) -> str:
        return indicator.kind.show(value, column_unit).text

    suffix = _suffix(indicator, column_unit)
    return [
        Class(n, group[0], group[-1], colour,
              (read(group[0]) if group[0] == group[-1] else f"{read(group[0])} – {read(group[-1])}") + suffix,
              len(group))
        for n, (group, colour) in enumerate(zip(members, _colours(len(uppers)), strict=True))
    ]


def class_of(value, found: list[Class]) -> Class | None:
    number = numbers.as_decimal(value)
    if number is None:
        return None
    return next((c for c in found if number <= c.high), found[-1] if found else None)


def _suffix(indicator: Indicator, column_unit: str) -> str:
    shown = indicator.shown(1, column_unit)
    return f" {shown.unit}" if shown.unit else ""


def village_map(*, actor, unit: OrgUnit, indicator: Indicator,
                period: Period | None = None) -> VillageMap:
    pairs = village_values(actor=actor, unit=unit, indicator=indicator, period=period)
    column_unit = indicator.kind.unit_for([v for _, v in pairs if v is not None])
    found = classes([v for _, v in pairs], indicator, column_unit)
    suffix = _suffix(indicator, column_unit)
    drill_capability = indicator.drill_capability or access.VIEW_DASHBOARD
    result = []
    for village, value in pairs:
        shown = indicator.kind.show(value, column_unit) if value is not None else None
        result.append(Village(
            village, value,
            text=shown.text + suffix if shown else "无数据",
            exact=shown.exact if shown else "",
            klass=class_of(value, found),
            url=_drill_url(village, indicator, period) if actor.can(drill_capability, village.path) else "",
        ))
    label = indicator.shown(1, column_unit).unit
    geojson, missing = boundaries(result)
    return VillageMap(unit, indicator, result, found, label, geojson, missing)


def _drill_url(village: OrgUnit, indicator: Indicator, period: Period | None) -> str:
    url = reverse("stats:drill", args=[village.code, indicator.key])
    return f"{url}?period={period.key}" if period else url


def _parsed(texts: list[str]) -> np.ndarray:
    """Geometries from GeoJSON texts, None for a blank or unreadable one (one bad boundary does not stop
    the map of the others)."""
    try:
        return shapely.from_geojson([t or "null" for t in texts], on_invalid="ignore")
    except (shapely.errors.GEOSException, ValueError):
        result = np.empty(len(texts), dtype=object)
        for n, text in enumerate(texts):
            try:
                result[n] = shapely.from_geojson(text or "null", on_invalid="ignore")
            except (shapely.errors.GEOSException, ValueError):
                result[n] = None
        return result


def boundaries(found: list[Village]) -> tuple[dict, list[Village]]:
    """The villages' boundaries as one GeoJSON FeatureCollection for Leaflet, simplified (topology kept) to
    the map's scale, and the villages with no boundary to draw."""
    geometries = _parsed([v.unit.boundary for v in found])
    # Only areas are boundaries (Polygon 3, MultiPolygon 6); a point or a line would draw as something else.
    drawn = np.isin(shapely.get_type_id(geometries), (3, 6)) & ~shapely.is_empty(geometries)
    if drawn.any():
        west, south, east, north = shapely.total_bounds(geometries[drawn])
        tolerance = max(east - west, north - south) / DETAIL
        geometries[drawn] = shapely.simplify(geometries[drawn], tolerance, preserve_topology=True)
        geometries[drawn] = shapely.transform(geometries[drawn], lambda xy: np.round(xy, PLACES))
    features, missing = [], []
    for village, geometry, ok in zip(found, geometries, drawn, strict=True):
        if not ok:
            missing.append(village)
            continue
        features.append({
            "type": "Feature",
            "geometry": json.loads(shapely.to_geojson(geometry)),
            "properties": {
                "code": village.unit.code,
                "name": village.unit.name,
                "text": village.text,
                "colour": village.colour,
                "class": village.klass.index if village.klass else None,
                "url": village.url,
            },
        })
    return {"type": "FeatureCollection", "features": features}, missing
