"""The demo district's map: village boundaries, and homestead parcels (宗地) with their houses.

Villages are cells of a jittered grid over 沈北新区's extent, walked in serpentine order so that each
street's villages form one contiguous block; neighbouring cells share their corner and edge points, so
they meet without gaps or overlaps. Parcels are laid out in rows in Gauss–Krüger metres (gaps between
them, a margin from the village edge) and stored in EPSG:4490 with the area computed back in the zone.

Parcels follow the households (35,245 for 50,000 at full scale, shared out by each village's households),
so `scale` changes them with the villagers; the boundaries depend on the seed only.
"""

import hashlib
import math
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import shapely
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from pyproj import Transformer
from shapely.geometry import Polygon

from zhenxing.demo.population import insert_rows
from zhenxing.homestead.parcels.models import House, Parcel
from zhenxing.orgs import codes
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

EXTENT = (123.30, 41.90, 123.75, 42.20)  # lon/lat of 沈北新区, roughly
GRID_COLUMNS = 12
CORNER_JITTER = 0.2  # of a cell, each way
EDGE_JITTER = 0.07  # of a cell, across the edge, for the points between corners
DECIMALS = 7  # about a centimetre

# The seed: 35,245 parcels on 28,975 mu (548 m² each on average), 35% idle, 95% certified, 300 revitalised.
PARCELS = 35_245
HOUSEHOLDS = 50_000
IDLE_SHARE = 0.35
CERTIFIED_SHARE = 0.95
REVITALISED = 300
NO_HOUSEHOLD_SHARE = 0.08  # abandoned: the family died out or left
NON_MEMBER_SHARE = 0.012  # used by a household of another village (非本村村民使用)
SECOND_PARCEL_SHARE = 0.05  # of a village's households: 一户多宅
LARGE_SHARE = 0.04  # parcels well beyond any area cap: the 超占 cases
UNAPPROVED_SHARE = 0.02
UNBUILT_SHARE = 0.09
HOUSE_ON_BUILT_SHARE = 0.97  # the rest fell down or were pulled down

MARGIN_M = 40.0  # parcel centres keep this far from the village edge: over half a large parcel's diagonal
ROW_DEPTH_M = 28.0  # deepest parcel; rows are this deep plus a lane


def gk_epsg(lon: float) -> int:
    """CGCS2000 3-degree Gauss–Krüger zone (central meridian form, EPSG:4534–4554) nearest to `lon`."""
    zone = round(lon / 3)
    if not 25 <= zone <= 45:
        raise ValueError(f"经度{lon}不在中国境内的3度带范围内")
    return 4534 + zone - 25


# --- village boundaries -------------------------------------------------------------------------------


def village_cells(rng: random.Random, cells_per_village: list[int], columns: int = GRID_COLUMNS
                  ) -> list[Polygon]:
    """One polygon per village from consecutive cells of a jittered grid (lon/lat)."""
    total = sum(cells_per_village)
    rows = math.ceil(total / columns)
    lon0, lat0, lon1, lat1 = EXTENT
    dx, dy = (lon1 - lon0) / columns, (lat1 - lat0) / rows

    def point(x: float, y: float) -> tuple[float, float]:
        return round(x, DECIMALS), round(y, DECIMALS)

    corner = [[point(lon0 + (c + rng.uniform(-CORNER_JITTER, CORNER_JITTER)) * dx,
                     lat0 + (r + rng.uniform(-CORNER_JITTER, CORNER_JITTER)) * dy)
               for c in range(columns + 1)] for r in range(rows + 1)]

    def between(a, b, horizontal: bool) -> list[tuple[float, float]]:
        out = []
        for t in (0.25, 0.5, 0.75):
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            shift = rng.uniform(-EDGE_JITTER, EDGE_JITTER)
            out.append(point(x, y + shift * dy) if horizontal else point(x + shift * dx, y))
        return out

    # Edge points are drawn once and used by both cells on either side of the edge.
    along = [[between(corner[r][c], corner[r][c + 1], True) for c in range(columns)] for r in range(rows + 1)]
    up = [[between(corner[r][c], corner[r + 1][c], False) for c in range(columns + 1)] for r in range(rows)]

    def cell(r: int, c: int) -> Polygon:
        ring = [corner[r][c], *along[r][c], corner[r][c + 1], *up[r][c + 1],
                corner[r + 1][c + 1], *reversed(along[r + 1][c]), corner[r + 1][c], *reversed(up[r][c])]
        return Polygon(ring)

    # Serpentine from the north-west, so that consecutive cells (a village, a street) share an edge.
    order = [(r, c) for r in reversed(range(rows))
             for c in (range(columns) if (rows - 1 - r) % 2 == 0 else reversed(range(columns)))]
    polygons, start = [], 0
    for count in cells_per_village:
        parts = [cell(*rc) for rc in order[start:start + count]]
        start += count
        polygons.append(parts[0] if count == 1 else shapely.union_all(parts))
    return polygons


def _cells_per_village(weights: list[float], columns: int = GRID_COLUMNS) -> list[int]:
    """One cell each; the cells left over in the last grid row go to the largest villages."""
    spare = math.ceil(len(weights) / columns) * columns - len(weights)
    largest = sorted(range(len(weights)), key=lambda i: (-weights[i], i))[:spare]
    return [2 if i in largest else 1 for i in range(len(weights))]


def set_boundaries(rng: random.Random, county: OrgUnit, streets: list[OrgUnit], villages: list[OrgUnit],
                   weights: list[float]) -> dict[int, Polygon]:
    """Boundaries of the villages (in the order given, grouped by street), streets and county.

    Returns {village pk: polygon}.
    """
    polygons = village_cells(rng, _cells_per_village(weights))
    by_street: dict[int, list[Polygon]] = {}
    for village, polygon in zip(villages, polygons, strict=True):
        village.boundary = shapely.to_geojson(polygon)
        by_street.setdefault(village.parent_id, []).append(polygon)
    street_shapes = []
    for street in streets:
        shape = shapely.union_all(by_street.get(street.pk, []))
        street.boundary = "" if shape.is_empty else shapely.to_geojson(shape)
        street_shapes.append(shape)
    changed = [*villages, *streets]
    if not county.boundary:  # an imported county keeps its real outline
        county.boundary = shapely.to_geojson(shapely.union_all(street_shapes))
        changed.append(county)
    OrgUnit.objects.bulk_update(changed, ["boundary"], batch_size=500)
    return {v.pk: p for v, p in zip(villages, polygons, strict=True)}


# --- parcel layout ------------------------------------------------------------------------------------


def layout_parcels(gen: np.random.Generator, area: Polygon, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` non-overlapping rectangles in rows inside `area` (metres): an (n, 4, 2) array of corners and
    an (n, 2) array of their (row, place in the row), for telling neighbours along a row.

    The rows of the whole village are packed, then the slots nearest to one to three settlement
    centres (自然屯) are kept, so the parcels gather in hamlets rather than spreading over the fields.
    """
    if n == 0:
        return np.empty((0, 4, 2)), np.empty((0, 2), dtype=int)
    theta = gen.uniform(-0.35, 0.35)  # rows face roughly south
    cos, sin = math.cos(theta), math.sin(theta)
    inner = area.buffer(-MARGIN_M)
    cx, cy = area.centroid.x, area.centroid.y
    umin, vmin, umax, vmax = shapely.affinity.rotate(inner, -theta, origin=(cx, cy), use_radians=True).bounds
    umin, umax, vmin, vmax = umin - cx, umax - cx, vmin - cy, vmax - cy

    rows = int((vmax - vmin) // (ROW_DEPTH_M + 5)) + 1
    columns = int((umax - umin) // 17) + 2
    row_v = vmin + np.concatenate([[0.0], np.cumsum(ROW_DEPTH_M + gen.uniform(5, 10, rows - 1))])
    large = gen.random((rows, columns)) < LARGE_SHARE
    width = np.where(large, gen.uniform(40, 55, (rows, columns)), gen.uniform(15, 33, (rows, columns)))
    depth = np.where(large, gen.uniform(24, ROW_DEPTH_M, (rows, columns)),
                     gen.uniform(15, ROW_DEPTH_M, (rows, columns)))
    step = width + gen.uniform(2, 8, (rows, columns))
    u0 = umin + gen.uniform(0, 20, (rows, 1)) + np.cumsum(step, axis=1) - step
    v0 = np.broadcast_to(row_v[:, None], (rows, columns))
    row, place = np.indices((rows, columns))
    fits = u0 + width <= umax
    u0, v0, width, depth, row, place = u0[fits], v0[fits], width[fits], depth[fits], row[fits], place[fits]

    uc, vc = u0 + width / 2, v0 + depth / 2
    xc, yc = cx + uc * cos - vc * sin, cy + uc * sin + vc * cos
    inside = np.flatnonzero(shapely.contains_xy(inner, xc, yc))
    if len(inside) < n:
        raise ValueError(f"村界内只能排下{len(inside)}宗宅基地，需要{n}宗")
    hamlets = 1 + (n > 120) + (n > 360)
    centres = inside[gen.choice(len(inside), hamlets, replace=False)]
    reach = gen.uniform(0.7, 1.3, hamlets)
    dist = np.hypot(xc[inside, None] - xc[centres], yc[inside, None] - yc[centres]) / reach
    nearest = np.argsort(dist.min(axis=1), kind="stable")[:n]
    chosen = inside[nearest]
    hamlet = dist[nearest].argmin(axis=1)
    # Numbered hamlet by hamlet, rows from the north, west to east along a row.
    chosen = chosen[np.lexsort((u0[chosen], -row[chosen], hamlet))]

    u0, v0, width, depth = u0[chosen], v0[chosen], width[chosen], depth[chosen]
    us = np.stack([u0, u0 + width, u0 + width, u0], axis=1)
    vs = np.stack([v0, v0, v0 + depth, v0 + depth], axis=1)
    corners = np.stack([cx + us * cos - vs * sin, cy + us * sin + vs * cos], axis=2)
    return corners, np.stack([row[chosen], place[chosen]], axis=1)


# --- parcel attributes and rows -----------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class ParcelRow:
    """A parcel as inserted by the bulk load; attribute names are Parcel's column attnames."""

    id: int
    code: str
    unit_number: str
    village_id: int
    path: str
    location: str
    area_m2: Decimal
    east: str
    south: str
    west: str
    north: str
    household_id: int | None
    certification: str
    certificate_number: str
    build_status: str
    use_status: str
    geometry: str
    min_x: float
    min_y: float
    max_x: float
    max_y: float
    use: str = "residential"
    synthetic: bool = True


@dataclass(slots=True, eq=False)
class HouseRow:
    id: int
    parcel_id: int
    structure: str
    floors: int
    building_area_m2: Decimal
    year_built: int


@dataclass
class _Village:
    unit: OrgUnit
    street_id: int
    development: bool
    households: list[int]
    parcels: int = 0
    first: int = 0  # index of its first parcel in the district-wide arrays


def _split(total: int, weights: list[int]) -> list[int]:
    """`total` shared out by weight, summing exactly to `total` (largest remainders)."""
    whole = sum(weights) or 1
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _numpy_rng(seed: int) -> np.random.Generator:
    digest = hashlib.sha256(f"zhenxing-demo:{seed}:parcels".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _round_up(rng: random.Random, x: float) -> int:
    return int(x) + (rng.random() < x - int(x))


def _owners(rng: random.Random, village: _Village, others: list[list[int]]) -> list[int | None]:
    """The household of each of the village's parcels, in a random order (None: nobody's)."""
    n, homes = village.parcels, village.households[:]
    rng.shuffle(homes)
    draws = [rng.random() for _ in range(n)]
    nobody = sum(d < NO_HOUSEHOLD_SHARE for d in draws)
    outsiders = sum(NO_HOUSEHOLD_SHARE <= d < NO_HOUSEHOLD_SHARE + NON_MEMBER_SHARE for d in draws)
    outsiders = outsiders if any(others) else 0
    own = n - nobody - outsiders
    second = min(_round_up(rng, SECOND_PARCEL_SHARE * len(homes)), own // 2)
    first = min(own - second, len(homes))
    nobody = n - outsiders - first - second
    owners: list[int | None] = homes[:first] + homes[:second]
    pool = [h for hs in others for h in hs]
    owners += [rng.choice(pool) for _ in range(outsiders)]
    owners += [None] * nobody
    rng.shuffle(owners)
    return owners


def _house(rng: random.Random, parcel_area: float) -> tuple[str, int, Decimal, int]:
    year = int(rng.triangular(1970, 2022.99, 2003))
    if year < 1985:
        structure = rng.choices(["earth_wood", "brick_wood", "brick_concrete"], [30, 50, 20])[0]
    else:
        structure = rng.choices(["brick_concrete", "brick_wood", "reinforced_concrete", "other"],
                                [70, 15, 10, 5])[0]
    floors = 2 if year >= 1995 and rng.random() < 0.18 else 1
    area = rng.uniform(110, 180) if floors == 2 else rng.uniform(60, min(140, parcel_area * 0.6))
    return structure, floors, Decimal(f"{area:.2f}"), year


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def load(*, seed: int, county: OrgUnit, streets: list[OrgUnit], villages: list[OrgUnit],
         weights: list[float], report=None) -> dict:
    """Boundaries for the tree, then parcels and houses for the villages' households; returns the counts.

    `villages` are all village-level units in street order with their fixed (seed-only) size weights;
    parcels go to 村 only, not 社区.
    """
    report = report or (lambda done, total, label: None)
    shapes = set_boundaries(random.Random(f"zhenxing-demo:{seed}:map"), county, streets, villages, weights)

    homes: dict[int, list[int]] = {}
    surnames: dict[int, str] = {}
    rows = Household.objects.filter(village__in=villages).order_by("pk").values_list(
        "pk", "village_id", "head__name")
    for pk, village_id, head in rows:
        homes.setdefault(village_id, []).append(pk)
        surnames[pk] = (head or "")[:1]
    plan = [_Village(v, v.parent_id, v.development_village, homes.get(v.pk, []))
            for v in villages if codes.village_kind(v.code) == "村"]
    total = round(PARCELS * sum(len(v.households) for v in plan) / HOUSEHOLDS)
    for village, count in zip(plan, _split(total, [len(v.households) for v in plan]), strict=True):
        village.parcels = count

    rng = random.Random(f"zhenxing-demo:{seed}:parcels")
    gen = _numpy_rng(seed)
    to_gk = Transformer.from_crs("EPSG:4490", f"EPSG:{gk_epsg(sum(EXTENT[::2]) / 2)}", always_xy=True)
    corners, owners, slots = [], [], []
    done = 0
    for village in plan:
        area = shapely.transform(shapes[village.unit.pk], lambda xy: np.column_stack(to_gk.transform(*xy.T)))
        village.first = done
        village_corners, village_slots = layout_parcels(gen, area, village.parcels)
        corners.append(village_corners)
        slots.append(village_slots)
        others = [v.households for v in plan if v.street_id == village.street_id and v is not village]
        owners += _owners(rng, village, others)
        done += village.parcels
        report(done, total, "宗地")
    gk = np.concatenate(corners) if corners else np.empty((0, 4, 2))
    lon, lat = to_gk.transform(gk[..., 0], gk[..., 1], direction="INVERSE")
    lon, lat = np.round(lon, DECIMALS), np.round(lat, DECIMALS)
    # The area of what is stored, back in the zone: the rounding moves it by well under a square metre.
    x, y = to_gk.transform(lon, lat)
    areas = shapely.area(shapely.polygons(np.stack([x, y], axis=2))) if total else np.empty(0)

    statuses = _statuses(rng, plan, owners)
    rows_out, houses = _rows(rng, plan, owners, surnames, slots, statuses, lon, lat, areas)
    insert_rows(Parcel, rows_out)
    insert_rows(House, houses)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Parcel, House]):
            cursor.execute(sql)
    report(total, total, "宗地")
    held = [o for o in owners if o is not None]
    village_of = {h: v.unit.pk for v in plan for h in v.households}
    return {
        "parcels": total,
        "houses": len(houses),
        "parcel_area_mu": round(float(areas.sum()) * 3 / 2000, 1),
        "idle_parcels": sum(r.use_status == "idle" for r in rows_out),
        "revitalised_parcels": sum(r.use_status == "revitalised" for r in rows_out),
        "certified_parcels": sum(r.certification == "certified" for r in rows_out),
        "multi_parcel_households": sum(c > 1 for c in Counter(held).values()),
        "non_member_parcels": sum(r.household_id is not None and village_of[r.household_id] != r.village_id
                                  for r in rows_out),
        "ownerless_parcels": len(owners) - len(held),
    }


@dataclass
class _Status:
    build: list[str]
    use: list[str]
    certified: list[bool]
    has_house: list[bool]


def _statuses(rng: random.Random, plan: list[_Village], owners: list) -> _Status:
    n = len(owners)
    build = [rng.choices(["unapproved_built", "approved_unbuilt", "approved_built"],
                         [UNAPPROVED_SHARE, UNBUILT_SHARE, 1 - UNAPPROVED_SHARE - UNBUILT_SHARE])[0]
             for _ in range(n)]
    has_house = [b != "approved_unbuilt" and rng.random() < HOUSE_ON_BUILT_SHARE for b in build]

    # Nobody's parcels are idle; the rest of the idle share is drawn from the held ones.
    use = ["idle" if o is None else "in_use" for o in owners]
    held = [i for i, o in enumerate(owners) if o is not None]
    extra = max(0, round(IDLE_SHARE * n) - (n - len(held)))
    for i in rng.sample(held, min(extra, len(held))):
        use[i] = "idle"
    # 盘活 (民宿, 文旅, 康养) uses the idle houses, first those of the development villages.
    development = [False] * n
    for v in plan:
        development[v.first:v.first + v.parcels] = [v.development] * v.parcels
    idle_houses = [i for i in range(n) if use[i] == "idle" and has_house[i]]
    ranked = [i for i in idle_houses if development[i]] + [i for i in idle_houses if not development[i]]
    wanted = min(round(REVITALISED * n / PARCELS), len(ranked))
    preferred = ranked[:max(wanted, sum(development[i] for i in idle_houses))]
    for i in rng.sample(preferred, wanted):
        use[i] = "revitalised"

    # Only approved parcels can be registered.
    approved = [i for i in range(n) if build[i] != "unapproved_built"]
    certified = [False] * n
    for i in rng.sample(approved, min(round(CERTIFIED_SHARE * n), len(approved))):
        certified[i] = True
    return _Status(build, use, certified, has_house)


def _rows(rng, plan, owners, surnames, slots, status: _Status, lon, lat, areas):
    parcel_id, house_id = _next_id(Parcel), _next_id(House)
    certificate = rng.randrange(1000, 5000)
    parcels, houses = [], []
    for village, village_slots in zip(plan, slots, strict=True):
        unit = village.unit
        places = village_slots.tolist()
        at = {(r, p): village.first + k for k, (r, p) in enumerate(places)}
        for k, (r, p) in enumerate(places):
            i = village.first + k
            code = f"{unit.code}JC{k + 1:05d}"
            xs, ys = lon[i].tolist(), lat[i].tolist()
            ring = ",".join(f"[{a},{b}]" for a, b in zip(xs + xs[:1], ys + ys[:1], strict=True))
            number = ""
            if status.certified[i]:
                certificate += rng.randint(1, 3)
                number = f"辽({rng.randint(2017, 2022)})沈北新区不动产权第{certificate:07d}号"
            east, west = (_neighbour(owners, surnames, at.get((r, p + d))) for d in (1, -1))
            parcels.append(ParcelRow(
                id=parcel_id, code=code,
                unit_number=code + ("F00010001" if status.has_house[i] else "W00000000"),
                village_id=unit.pk, path=unit.path, location=f"{unit.name}第{k + 1}号",
                area_m2=Decimal(f"{areas[i]:.2f}"), east=east, west=west,
                south="道路", north="巷道" if any((r + 1, p + d) in at for d in (-1, 0, 1)) else "耕地",
                household_id=owners[i],
                certification="certified" if status.certified[i] else "uncertified",
                certificate_number=number, build_status=status.build[i], use_status=status.use[i],
                geometry=f'{{"type":"Polygon","coordinates":[[{ring}]]}}',
                min_x=min(xs), min_y=min(ys), max_x=max(xs), max_y=max(ys),
            ))
            if status.has_house[i]:
                structure, floors, area, year = _house(rng, float(areas[i]))
                houses.append(HouseRow(id=house_id, parcel_id=parcel_id, structure=structure, floors=floors,
                                       building_area_m2=area, year_built=year))
                house_id += 1
            parcel_id += 1
    return parcels, houses


def _neighbour(owners, surnames, j: int | None) -> str:
    """四至 along the row: the neighbouring house, or the fields at the end of the row."""
    if j is None:
        return "耕地"
    owner = owners[j]
    return f"{surnames.get(owner) or '某'}某宅" if owner is not None else "空闲宅基地"
