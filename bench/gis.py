"""GIS benchmark (issue 3): the parcel import and the overlap check, side by side with PostGIS.

    sh bench/setup_gis.sh                          # once: gdal-bin + postgresql-15-postgis-3 (Debian)
    python bench/gis.py generate --what import     # zx_bench_gis_import + a 100,000-parcel GeoJSON file
    python bench/gis.py import --runs 3            # zhenxing's import (PostgreSQL, SQLite) vs ogr2ogr
    python bench/gis.py generate --what province   # zx_bench_gis_x100: 4,000,000 parcels (COPY)
    python bench/gis.py overlap --runs 3           # checks.overlapping_parcels vs ST_Intersects on GiST
    python bench/gis.py import --province          # the same file into the 4M-parcel database
    python bench/gis.py stored-near                # the import's registered-parcel query, three ways
    python bench/gis.py all                        # generate, import (both), overlap

The layout is one generator for both parts. Villages are cells of a regular grid (12 x 12 per county,
10 x 10 counties over Liaoning's extent); a village's parcels sit in a hamlet of slots 40 m x 36 m
round its centre, one axis-aligned rectangle per slot at least 1 m from the slot's edges (so they
never overlap) and about 8% of the slots left vacant. Everything is seeded by village, so the
`overlap` command rebuilds a village's parcels and vacant slots without reading them back.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import province  # noqa: E402

IMPORT_DB = "zx_bench_gis_import"
PROVINCE_DB = "zx_bench_gis_x100"
GIS_DIR = common.OUT_DIR / "gis"
IMPORT_FILE = GIS_DIR / "parcels_100k.geojson"
SQLITE_FILE = GIS_DIR / "import.sqlite3"
BENCH_USER = "gis_bench"
IMPORT_PATHS = ("21/2101/210101/", "21/2101/210104/")  # the import file's districts 1-3 (path range)
PROVINCE_PATH = "21/"

ORIGIN = (119.6, 38.9)  # south-west corner of the grid (lon, lat)
CELL = (0.045, 0.035)  # a village's cell in degrees: about 3.6 km x 3.9 km
VILLAGE_GRID = 12  # villages per row inside a county (142 of 144 cells used)
COUNTY_GRID = 10  # counties per row of the province
SLOT = (40.0, 36.0)  # metres
VACANT = 0.08
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0
TOLERANCE_M2 = 1.0  # settings.ZHENXING_OVERLAP_TOLERANCE_M2's default
IMPORT_SLOTS = (16, 16)  # 426 villages x ~235 = 100,000
PROVINCE_SLOTS = (17, 18)  # 14,200 villages x ~282 = 4,000,000
SEED = 20261129


# --- layout ------------------------------------------------------------------------------------

def village_slots(vidx: int, county: int, slots: tuple[int, int]) -> dict:
    """Rectangles (degrees, rounded to 1e-7) of every slot of a village; `vacant` marks the empty ones."""
    gen = np.random.default_rng([SEED, vidx])
    vy, vx = divmod(vidx % 142, VILLAGE_GRID)
    cy, cx = divmod(county, COUNTY_GRID)
    lon0 = ORIGIN[0] + (cx * VILLAGE_GRID + vx) * CELL[0]
    lat0 = ORIGIN[1] + (cy * VILLAGE_GRID + vy) * CELL[1]
    lon_c, lat_c = lon0 + CELL[0] / 2, lat0 + CELL[1] / 2
    kx, ky = 1 / (M_PER_DEG_LON * math.cos(math.radians(lat_c))), 1 / M_PER_DEG_LAT
    rows, cols = slots
    r, c = np.indices((rows, cols))
    large = gen.random((rows, cols)) < 0.04
    w = np.where(large, gen.uniform(33, 37, (rows, cols)), gen.uniform(15, 30, (rows, cols)))
    d = np.where(large, gen.uniform(26, 33, (rows, cols)), gen.uniform(15, 28, (rows, cols)))
    ox = 1 + gen.random((rows, cols)) * (SLOT[0] - 2 - w)
    oy = 1 + gen.random((rows, cols)) * (SLOT[1] - 2 - d)
    sx = (c - cols / 2) * SLOT[0]  # slot's west edge, metres from the village centre
    sy = (r - rows / 2) * SLOT[1]

    def lon(m):
        return np.round(lon_c + m * kx, 7)

    def lat(m):
        return np.round(lat_c + m * ky, 7)

    return {
        "x0": lon(sx + ox), "x1": lon(sx + ox + w), "y0": lat(sy + oy), "y1": lat(sy + oy + d),
        "slot_x0": lon(sx), "slot_x1": lon(sx + SLOT[0]), "slot_y0": lat(sy), "slot_y1": lat(sy + SLOT[1]),
        "vacant": gen.random((rows, cols)) < VACANT, "area": w * d,
        "cell": (round(lon0, 7), round(lat0, 7), round(lon0 + CELL[0], 7), round(lat0 + CELL[1], 7)),
        "rows": rows, "cols": cols,
    }


def ring(x0, y0, x1, y1) -> str:
    return f"[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]"


def polygon_json(x0, y0, x1, y1) -> str:
    return '{"type":"Polygon","coordinates":' + ring(x0, y0, x1, y1) + "}"


def placed(v: dict):
    """(k, row, col) of the village's parcels in code order: row by row from the north, west to east."""
    k = 0
    for r in reversed(range(v["rows"])):
        for c in range(v["cols"]):
            if not v["vacant"][r, c]:
                k += 1
                yield k, r, c


# --- org tree ------------------------------------------------------------------------------------

def build_tree(counties: int) -> tuple[list[tuple], list[tuple]]:
    """Org units (province, cities, counties, streets, villages; no groups, grids or people) as COPY
    rows, and the villages as (unit id, code, name, path, vidx, county index)."""
    from zhenxing.orgs import codes

    units, villages = [], []

    def unit(code, name, parent, boundary=""):
        uid = len(units) + 1
        path = codes.path_for(code)
        units.append((uid, code, name, codes.level_of(code), parent, path, False, True, boundary))
        return uid, path

    province_id, _ = unit("210000000000", "辽宁省", None)
    cities: dict[str, int] = {}
    vidx = 0
    for j in range(counties):
        city_code, city_name = province.CITIES[j // province.COUNTIES_PER_CITY]
        if city_code not in cities:
            cities[city_code], _ = unit(city_code + "00000000", city_name, province_id)
        county_code = f"{city_code}{j % province.COUNTIES_PER_CITY + 1:02d}000000"
        county_id, _ = unit(county_code, f"合成{j + 1}区", cities[city_code])
        for s, per_street in enumerate(province.VILLAGES_PER_STREET):
            street_code = f"{county_code[:6]}{s + 1:03d}000"
            street_id, _ = unit(street_code, province.place_name(j * 31 + s, 2) + "街道", county_id)
            for v in range(per_street):
                code = f"{street_code[:9]}{201 + v:03d}"
                name = province.place_name(vidx * 7 + 3, 3) + "村"
                x0, y0, x1, y1 = village_slots(vidx, j, (1, 1))["cell"]
                uid, path = unit(code, name, street_id, polygon_json(x0, y0, x1, y1))
                villages.append((uid, code, name, path, vidx, j))
                vidx += 1
    return units, villages


UNIT_COLUMNS = ["id", "code", "name", "level", "parent_id", "path", "development_village", "synthetic",
                "boundary"]


def fresh_database(db: str) -> None:
    province.create_database(db)
    common.migrate(db)
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def load_tree(cur, units) -> None:
    province.copy_rows(cur, "orgs_orgunit", UNIT_COLUMNS, units)
    cur.execute("SELECT setval(pg_get_serial_sequence('orgs_orgunit', 'id'), "
                "(SELECT max(id) FROM orgs_orgunit))")


def copy_units(db: str, counties: int) -> list[tuple]:
    units, villages = build_tree(counties)
    with psycopg.connect(common.url_for(db)) as conn, conn.cursor() as cur:
        load_tree(cur, units)
        # For the PostGIS side's boundary check: the same boundaries as geometries, GiST-indexed.
        cur.execute("CREATE TABLE bench_village_gis AS SELECT id, code, "
                    "ST_SetSRID(ST_GeomFromGeoJSON(boundary), 4490)::geometry(Polygon, 4490) AS geom "
                    "FROM orgs_orgunit WHERE level = 'village'")
        cur.execute("CREATE INDEX bench_village_gis_geom ON bench_village_gis USING gist (geom)")
        cur.execute("ANALYZE orgs_orgunit")
        cur.execute("ANALYZE bench_village_gis")
    return villages


# --- part (a): the import -------------------------------------------------------------------------

def feature(v: dict, code: str, name: str, k: int, r: int, c: int) -> str:
    def side(dr, dc):
        rr, cc = r + dr, c + dc
        inside = 0 <= rr < v["rows"] and 0 <= cc < v["cols"]
        return "耕地" if not inside else ("空地" if v["vacant"][rr, cc] else "邻宅")

    props = {
        "ZDDM": f"{code}JC{k:05d}", "BDCDYH": f"{code}JC{k:05d}F00010001", "ZL": f"{name}第{k}号",
        "YT": "农村宅基地", "QQ": "是", "JSZT": "已批已建", "LYZT": "在用",
        "DZ": side(0, 1), "NZ": "道路", "XZ": side(0, -1), "BZ": side(1, 0),
    }
    geometry = polygon_json(v["x0"][r, c], v["y0"][r, c], v["x1"][r, c], v["y1"][r, c])
    return ('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
            + ',"geometry":' + geometry + "}")


def generate_import(parcels: int) -> None:
    t0 = time.perf_counter()
    print(f"(a) {IMPORT_DB}: 3 districts, 426 villages with boundaries; {IMPORT_FILE}", flush=True)
    with province.step("建库、迁移、postgis 扩展"):
        fresh_database(IMPORT_DB)
    with province.step("组织树与村界 (COPY)"):
        villages = copy_units(IMPORT_DB, 3)
    subprocess.run([sys.executable, __file__, "_import-prepare", "--db", common.url_for(IMPORT_DB)],
                   check=True)
    GIS_DIR.mkdir(parents=True, exist_ok=True)
    n = 0
    with province.step(f"GeoJSON {parcels:,} 宗"), open(IMPORT_FILE, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","name":"parcels",'
                  '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[\n')
        for _, code, name, _, vidx, county in villages:
            v = village_slots(vidx, county, IMPORT_SLOTS)
            for k, r, c in placed(v):
                if n == parcels:
                    break
                out.write((",\n" if n else "") + feature(v, code, name, k, r, c))
                n += 1
        out.write("\n]}\n")
    if n < parcels:
        sys.exit(f"only {n} parcels fit")
    print(f"  {IMPORT_FILE.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - t0:.0f} s in all", flush=True)


def _import_prepare(url: str) -> None:
    """In a child process (Django settings are per process): the import user; for SQLite the schema
    and the same org units as the PostgreSQL database."""
    os.environ.update(common.bench_env(IMPORT_DB), DATABASE_URL=url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", interactive=False, verbosity=0)
        units, _ = build_tree(3)
        with connection.cursor() as cur:
            cur.executemany(f"INSERT INTO orgs_orgunit ({', '.join(UNIT_COLUMNS)}) VALUES "
                            f"({', '.join(['%s'] * len(UNIT_COLUMNS))})", units)
    get_user_model().objects.filter(username=BENCH_USER).delete()
    get_user_model().objects.create_superuser(BENCH_USER, "", None)


class Timed:
    """Wraps callables on an object with timers (bench only: the app code is not changed)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, name: str, label: str):
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t

        setattr(owner, name, timed)


def _import_run(url: str, file: str) -> None:
    """One import run in a child process: empty the parcel table, then `core.imports.run` (what the
    CLI's `zhenxing import parcels` and the import page call), timed by phase; prints JSON."""
    os.environ.update(common.bench_env(IMPORT_DB), DATABASE_URL=url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from zhenxing.core import imports
    from zhenxing.homestead.parcels import services
    from zhenxing.orgs import access

    with connection.cursor() as cur:
        # The file's three districts only: in the province database the other 97 keep their parcels.
        cur.execute("DELETE FROM homestead_parcel WHERE path >= %s AND path < %s", IMPORT_PATHS)
        cur.execute("VACUUM" if connection.vendor == "sqlite" else "VACUUM ANALYZE homestead_parcel")
    spec = imports.specs["parcels"]
    timer = Timed()
    for name, label in [("read", "read"), ("prepare", "prepare"), ("check_file", "check_file"),
                        ("_check_villages", "villages"), ("_check_codes", "codes"),
                        ("_check_households", "households"), ("_check_overlaps", "overlaps"),
                        ("_stored_near", "stored_near"), ("write", "write")]:
        timer.wrap(spec, name, label)
    timer.wrap(services, "add_parcels", "insert")
    actor = access.actor_for(get_user_model().objects.get(username=BENCH_USER))
    phases = {}
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    result = imports.run(spec, file, actor=actor, scope_path=PROVINCE_PATH, file_name=Path(file).name,
                         on_phase=lambda phase, total: phases.setdefault(phase, time.perf_counter()))
    t_end = time.perf_counter()
    if result.errors:
        print(json.dumps({"errors": result.errors.items[:20], "n_errors": len(result.errors)},
                         ensure_ascii=False))
        sys.exit(1)
    s = timer.seconds
    print(json.dumps({
        "backend": connection.vendor, "written": result.written, "load": load, "wall": t_end - t0,
        "read": phases["validating"] - t0, "validate": phases["writing"] - phases["validating"],
        "write_phase": t_end - phases["writing"], **{k: v for k, v in s.items()},
    }))


def ogr_run(db: str, file: Path, registered: bool = False) -> dict:
    """ogr2ogr into a fresh PostGIS table with its GiST index, then the import's checks in SQL."""
    pg = f"PG:host=127.0.0.1 user=postgres dbname={db}"
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", pg, str(file), "-nln", "bench_parcel_ogr", "-overwrite",
                    "-nlt", "POLYGON", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST",
                    "-lco", "FID=id", "--config", "PG_USE_COPY", "YES"], check=True)
    out = {"load": load, "ogr2ogr": time.perf_counter() - t0}
    zone = "4534 + round(ST_X(ST_Centroid({g})) / 3)::int - 25"
    checks = {
        "sql_valid": "SELECT count(*) FROM bench_parcel_ogr WHERE NOT ST_IsValid(geom)",
        "sql_codes": "SELECT count(*) FROM (SELECT zddm FROM bench_parcel_ogr GROUP BY zddm "
                     "HAVING count(*) > 1) d",
        "sql_boundary": "SELECT count(*) FROM bench_parcel_ogr p LEFT JOIN bench_village_gis v "
                        "ON ST_Within(ST_PointOnSurface(p.geom), v.geom) WHERE v.id IS NULL OR "
                        "(NOT ST_Contains(v.geom, p.geom) AND ST_Area(ST_Transform(ST_Difference(p.geom, "
                        f"v.geom), {zone.format(g='p.geom')})) > {TOLERANCE_M2})",
        # `b.id - a.id > 0`, not `a.id < b.id`: with the latter PostgreSQL 15 ANDs a primary-key range
        # scan into every GiST probe (O(n²): 64 s instead of 1 s for 100,000 parcels).
        "sql_overlaps": "SELECT count(*) FROM bench_parcel_ogr a JOIN bench_parcel_ogr b ON "
                        "ST_Intersects(a.geom, b.geom) AND b.id - a.id > 0 WHERE ST_Area(ST_Transform("
                        f"ST_Intersection(a.geom, b.geom), {zone.format(g='a.geom')})) > {TOLERANCE_M2}",
    }
    if registered:  # the province database: the file against the parcels already there
        checks["sql_registered"] = (
            "SELECT count(*) FROM bench_parcel_ogr a JOIN bench_parcel_gis b "
            "ON ST_Intersects(a.geom, b.geom) WHERE ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), "
            f"{zone.format(g='a.geom')})) > {TOLERANCE_M2}")
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        t = time.perf_counter()
        conn.execute("ANALYZE bench_parcel_ogr")
        out["analyze"] = time.perf_counter() - t
        for label, sql in checks.items():
            t = time.perf_counter()
            found = conn.execute(sql).fetchone()[0]
            out[label] = time.perf_counter() - t
            out[label + "_found"] = found
        out["rows"] = conn.execute("SELECT count(*) FROM bench_parcel_ogr").fetchone()[0]
    out["sql_checks"] = sum(out[k] for k in checks)
    out["total"] = out["ogr2ogr"] + out["analyze"] + out["sql_checks"]
    return out


def clear_import_counties(db: str) -> int:
    """Empty the import file's districts in the province database (both tables); returns the parcels left."""
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        conn.execute("DELETE FROM bench_parcel_gis WHERE id IN (SELECT id FROM homestead_parcel "
                     "WHERE path >= %s AND path < %s)", IMPORT_PATHS)
        conn.execute("DELETE FROM homestead_parcel WHERE path >= %s AND path < %s", IMPORT_PATHS)
        conn.execute("VACUUM ANALYZE bench_parcel_gis")
        conn.execute("VACUUM ANALYZE homestead_parcel")
        return conn.execute("SELECT count(*) FROM homestead_parcel").fetchone()[0]


def restore_import_counties(db: str) -> None:
    """Put back the province layout's parcels of districts 1-3 (new ids), so `overlap` finds its data."""
    clear_import_counties(db)
    _, villages = build_tree(3)
    with psycopg.connect(common.url_for(db)) as conn, conn.cursor() as cur:
        first = _next_id(cur)
        province.copy_rows(cur, "homestead_parcel", PARCEL_COLUMNS, parcel_rows(villages, start_id=first))
        cur.execute("INSERT INTO bench_parcel_gis SELECT id, village_id, "
                    "ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4490) FROM homestead_parcel WHERE id >= %s",
                    [first])
        cur.execute("SELECT setval(pg_get_serial_sequence('homestead_parcel', 'id'), "
                    "(SELECT max(id) FROM homestead_parcel))")
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE bench_parcel_gis")
        conn.execute("VACUUM ANALYZE homestead_parcel")


def run_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"child {args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_import(runs: int, sqlite_runs: int, at_province: bool = False) -> dict:
    if not IMPORT_FILE.exists():
        sys.exit(f"{IMPORT_FILE} is missing: run `gis.py generate --what import` first")
    results: dict[str, list[dict]] = {"postgresql": [], "sqlite": [], "ogr2ogr": []}
    db = PROVINCE_DB if at_province else IMPORT_DB
    if at_province:
        sqlite_runs = 0
        print(f"  into {db}: its districts 1-3 emptied first, restored at the end", flush=True)
        subprocess.run([sys.executable, __file__, "_import-prepare", "--db", common.url_for(db)], check=True)
        results["registered_parcels"] = clear_import_counties(db)
    for i in range(runs):
        print(f"  run {i + 1}/{runs}: zhenxing on PostgreSQL …", end="", flush=True)
        results["postgresql"].append(run_child("_import-run", "--db", common.url_for(db),
                                               "--file", str(IMPORT_FILE)))
        print(f" {results['postgresql'][-1]['wall']:.1f} s; ogr2ogr + SQL checks …", end="", flush=True)
        results["ogr2ogr"].append(ogr_run(db, IMPORT_FILE, registered=at_province))
        print(f" {results['ogr2ogr'][-1]['total']:.1f} s", flush=True)
    if sqlite_runs:
        SQLITE_FILE.unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
        subprocess.run([sys.executable, __file__, "_import-prepare", "--db", url], check=True)
        for i in range(sqlite_runs):
            print(f"  run {i + 1}/{sqlite_runs}: zhenxing on SQLite …", end="", flush=True)
            results["sqlite"].append(run_child("_import-run", "--db", url, "--file", str(IMPORT_FILE)))
            print(f" {results['sqlite'][-1]['wall']:.1f} s", flush=True)
    if at_province:
        restore_import_counties(db)
    print_import(results)
    save("import_province" if at_province else "import", results)
    return results


def med(items: list[dict], key: str) -> float:
    return common.median([r.get(key, 0.0) for r in items])


def print_import(results: dict) -> None:
    pg, lite, ogr = results["postgresql"], results["sqlite"], results["ogr2ogr"]
    n = pg[0]["written"] if pg else 0
    where = (f"into a table holding {results['registered_parcels']:,} other parcels"
             if results.get("registered_parcels") else "into an empty parcel table")
    print(f"\n(a) import of {n:,} parcels {where} — medians of {len(pg)} runs (SQLite: {len(lite)}); s")
    print(f"{'step':<50}{'PostgreSQL':>12}{'SQLite':>10}")
    steps = [("read file (pyogrio, to EPSG:4490, rows)", "read"), ("validate, all", "validate"),
             ("  per-row parsing (polygon validity, area)", None), ("  whole-file checks", "check_file"),
             ("    village by boundary + outside area", "villages"), ("    codes (in file, in DB)", "codes"),
             ("    overlaps (in file + registered)", "overlaps"),
             ("      of which loading registered (_stored_near)", "stored_near"),
             ("write (records, bulk insert, audit)", "write_phase"),
             ("  of which bulk_create", "insert"), ("wall", "wall")]
    for label, key in steps:
        cells = []
        for side in (pg, lite):
            if not side:
                cells.append("")
            elif key is None:
                cells.append(f"{med(side, 'validate') - med(side, 'check_file') - med(side, 'prepare'):.1f}")
            else:
                cells.append(f"{med(side, key):.1f}")
        print(f"{label:<50}{cells[0]:>12}{cells[1]:>10}")
    if ogr:
        print(f"\n{'ogr2ogr -> PostGIS':<46}{'seconds':>12}")
        for label, key in [("ogr2ogr (COPY + GiST index)", "ogr2ogr"), ("ANALYZE", "analyze"),
                           ("SQL: ST_IsValid", "sql_valid"), ("SQL: duplicate codes", "sql_codes"),
                           ("SQL: inside village boundary", "sql_boundary"),
                           ("SQL: overlaps in file (GK area > 1 m²)", "sql_overlaps"),
                           ("SQL: overlaps with registered parcels", "sql_registered"),
                           ("total", "total")]:
            print(f"{label:<46}{med(ogr, key):>12.1f}")
    print(f"\n{'parcels per second':<46}{'parcels/s':>12}{'vs ogr2ogr':>12}{'vs ogr+SQL':>12}")
    rows = [("zhenxing import, PostgreSQL", pg, "wall"), ("zhenxing import, SQLite", lite, "wall"),
            ("ogr2ogr load + GiST", ogr, "ogr2ogr"), ("ogr2ogr + SQL checks", ogr, "total")]
    for label, side, key in rows:
        if side:
            t = med(side, key)
            ratio = (t / med(ogr, "ogr2ogr"), t / med(ogr, "total")) if ogr else (math.nan, math.nan)
            print(f"{label:<46}{n / t:>12,.0f}{ratio[0]:>11.1f}x{ratio[1]:>11.1f}x")
    loads = [r["load"] for side in (pg, lite, ogr) for r in side]
    if loads:
        print(f"1-min load average at the start of the runs: {min(loads):.2f}–{max(loads):.2f} (2 cores)")


def save(name: str, results) -> None:
    GIS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = GIS_DIR / f"{name}_{stamp}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=float))
    print(f"raw figures: {path}")


# --- part (b): the overlap check at province scale ----------------------------------------------

PARCEL_COLUMNS = ["id", "code", "unit_number", "village_id", "path", "location", "area_m2", "east", "south",
                  "west", "north", "use", "household_id", "certification", "certificate_number",
                  "build_status", "use_status", "geometry", "min_x", "min_y", "max_x", "max_y", "synthetic"]


def drop_parcel_indexes(cur) -> list[str]:
    """Like province.drop_secondary_indexes, for the parcel table: returns the SQL that rebuilds them."""
    table = "homestead_parcel"
    rebuild = []
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'u'", [table])
    for name, definition in cur.fetchall():
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
    for name, definition in cur.fetchall():
        cur.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    return rebuild


def parcel_rows(villages, start_id: int):
    pid = start_id
    for uid, code, name, path, vidx, county in villages:
        v = village_slots(vidx, county, PROVINCE_SLOTS)
        x0, y0, x1, y1, area = v["x0"], v["y0"], v["x1"], v["y1"], v["area"]
        for k, r, c in placed(v):
            a, b, e, f = float(x0[r, c]), float(y0[r, c]), float(x1[r, c]), float(y1[r, c])
            pc = f"{code}JC{k:05d}"
            yield (pid, pc, pc + "F00010001", uid, path, f"{name}第{k}号", f"{area[r, c]:.2f}",
                   "", "", "", "", "residential", None, "certified", "", "approved_built", "in_use",
                   polygon_json(a, b, e, f), a, b, e, f, True)
            pid += 1


def generate_province(counties: int) -> None:
    db = PROVINCE_DB
    t0 = time.perf_counter()
    print(f"(b) {db}: {counties} districts, {counties * 142:,} villages, ~{counties * 142 * 282:,} parcels",
          flush=True)
    with province.step("建库、迁移、postgis 扩展"):
        fresh_database(db)
    with province.step("组织树与村界 (COPY)"):
        villages = copy_units(db, counties)
    timings = {}
    with psycopg.connect(common.url_for(db)) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET synchronous_commit = off")
        rebuild = drop_parcel_indexes(cur)
        conn.commit()
        t = time.perf_counter()
        with province.step("宗地 (COPY, 每 10 个区县一个事务)"):
            for lo in range(0, len(villages), 1420):
                province.copy_rows(cur, "homestead_parcel", PARCEL_COLUMNS,
                                   parcel_rows(villages[lo:lo + 1420], start_id=_next_id(cur)))
                conn.commit()
                print(f" {lo + 1420}", end="", flush=True)
        timings["copy"] = time.perf_counter() - t
        t = time.perf_counter()
        with province.step(f"重建 {len(rebuild)} 个索引与唯一约束"):
            for sql in rebuild:
                cur.execute(sql)
            cur.execute("SELECT setval(pg_get_serial_sequence('homestead_parcel', 'id'), "
                        "(SELECT max(id) FROM homestead_parcel))")
            conn.commit()
        timings["indexes"] = time.perf_counter() - t
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        with province.step("VACUUM ANALYZE homestead_parcel"):
            conn.execute("VACUUM ANALYZE homestead_parcel")
        conn.execute("SET maintenance_work_mem = '1GB'")
        t = time.perf_counter()
        with province.step("PostGIS 表 (ST_GeomFromGeoJSON)"):
            conn.execute("DROP TABLE IF EXISTS bench_parcel_gis")
            conn.execute("CREATE TABLE bench_parcel_gis AS SELECT id, village_id, "
                         "ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4490)::geometry(Polygon, 4490) AS geom "
                         "FROM homestead_parcel")
            conn.execute("ALTER TABLE bench_parcel_gis ADD PRIMARY KEY (id)")
        timings["postgis_table"] = time.perf_counter() - t
        t = time.perf_counter()
        with province.step("GiST 索引"):
            conn.execute("CREATE INDEX bench_parcel_gis_geom ON bench_parcel_gis USING gist (geom)")
        timings["gist"] = time.perf_counter() - t
        with province.step("VACUUM ANALYZE bench_parcel_gis"):
            conn.execute("VACUUM ANALYZE bench_parcel_gis")
    timings["total"] = time.perf_counter() - t0
    save("province_load", {"counties": counties, **timings, **sizes(db)})
    print(json.dumps(sizes(db), indent=1))


def _next_id(cur) -> int:
    cur.execute("SELECT coalesce(max(id), 0) + 1 FROM homestead_parcel")
    return cur.fetchone()[0]


def sizes(db: str) -> dict:
    mb = "round(%s(%s::regclass) / 1048576.0, 1)"
    with psycopg.connect(common.url_for(db)) as conn:
        out = {"parcels": conn.execute("SELECT count(*) FROM homestead_parcel").fetchone()[0],
               "database_mb": float(conn.execute(f"SELECT {mb % ('pg_database_size', 'current_database()')}"
                                                 .replace("::regclass", "")).fetchone()[0])}
        for table in ("homestead_parcel", "bench_parcel_gis"):
            if not conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0]:
                continue
            out[table] = {"table_mb": float(conn.execute(f"SELECT {mb % ('pg_table_size', repr(table))}")
                                            .fetchone()[0]),
                          "indexes_mb": float(conn.execute(f"SELECT {mb % ('pg_indexes_size', repr(table))}")
                                              .fetchone()[0])}
            for name, size in conn.execute(
                    "SELECT indexrelname, round(pg_relation_size(indexrelid) / 1048576.0, 1) "
                    "FROM pg_stat_user_indexes WHERE relname = %s ORDER BY 1", [table]):
                out[table][name] = float(size)
    return out


def candidates(villages, n: int) -> list[dict]:
    """`n` candidate sites in random villages: half free (a vacant slot, edge to edge with its row
    neighbours: they touch, so they are near but do not overlap), half overlapping (a registered parcel
    moved 3 m east and 2 m north, or the vacant slot widened 3 m into its neighbours)."""
    import shapely

    gen = np.random.default_rng([SEED, 1])
    out = []
    while len(out) < n:
        uid, code, _, _, vidx, county = villages[int(gen.integers(len(villages)))]
        v = village_slots(vidx, county, PROVINCE_SLOTS)
        kind = ("free", "free", "moved", "widened")[len(out) % 4]
        lat_c = (v["cell"][1] + v["cell"][3]) / 2
        kx = 1 / (M_PER_DEG_LON * math.cos(math.radians(lat_c)))
        if kind == "moved":
            parcels = list(placed(v))
            _, r, c = parcels[int(gen.integers(len(parcels)))]
            box = (v["x0"][r, c] + 3 * kx, v["y0"][r, c] + 2 / M_PER_DEG_LAT,
                   v["x1"][r, c] + 3 * kx, v["y1"][r, c] + 2 / M_PER_DEG_LAT)
        else:
            rows, cols = v["rows"], v["cols"]
            slots = [(r, c) for r in range(rows) for c in range(1, cols - 1) if v["vacant"][r, c]
                     and not v["vacant"][r, c - 1] and not v["vacant"][r, c + 1]]
            if not slots:
                continue
            r, c = slots[int(gen.integers(len(slots)))]
            widen = 3 * kx if kind == "widened" else 0.0
            margin = 0.5 / M_PER_DEG_LAT
            box = (v["x1"][r, c - 1] - widen, v["slot_y0"][r, c] + margin,
                   v["x0"][r, c + 1] + widen, v["slot_y1"][r, c] - margin)
        x0, y0, x1, y1 = (round(float(b), 7) for b in box)
        out.append({"village_id": uid, "code": code, "kind": kind,
                    "geometry": shapely.box(x0, y0, x1, y1, ccw=False)})
    return out


POSTGIS_SQL = """
SELECT p.id, ST_Area(ST_Transform(ST_Intersection(p.geom, c.g), %(zone)s)) AS overlap
FROM bench_parcel_gis p, (SELECT ST_GeomFromWKB(%(wkb)s, 4490) AS g) c
WHERE ST_Intersects(p.geom, c.g)
  AND ST_Area(ST_Transform(ST_Intersection(p.geom, c.g), %(zone)s)) > %(tolerance)s
"""


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s) / 100) - 1))]  # nearest rank


def bench_overlap(n: int, runs: int) -> dict:
    import shapely

    common.setup_django(PROVINCE_DB)
    from zhenxing.homestead.applications import checks

    _, villages = build_tree(100)
    with psycopg.connect(common.url_for(PROVINCE_DB)) as conn:
        stored = conn.execute("SELECT count(*) FROM orgs_orgunit WHERE level = 'village'").fetchone()[0]
    villages = villages[:stored]
    cands = candidates(villages, n)
    for c in cands:
        c["zone"] = 4534 + round(shapely.centroid(c["geometry"]).x / 3) - 25
        c["wkb"] = shapely.to_wkb(c["geometry"])
    conn = psycopg.connect(common.url_for(PROVINCE_DB), autocommit=True)

    def zhenxing(c):
        found = checks.overlapping_parcels(village_id=c["village_id"], geometry=c["geometry"])
        return {p.pk: a for p, a in found}

    def postgis(c):
        rows = conn.execute(POSTGIS_SQL, {"zone": c["zone"], "wkb": c["wkb"], "tolerance": TOLERANCE_M2},
                            prepare=True).fetchall()
        return dict(rows)

    def zhenxing_query(c):
        near = checks.parcels_near(village_id=c["village_id"], geometry=c["geometry"])
        return {p.pk: 0 for p in near.only("pk", "code", "geometry", "path")}

    sides = {"zhenxing": zhenxing, "zhenxing_query": zhenxing_query, "postgis": postgis}
    for fn in sides.values():  # warm-up: connections, prepared statements, caches
        for c in cands[:50]:
            fn(c)
    results = {name: [] for name in sides}
    answers = {}
    for run in range(runs):
        for name, fn in sides.items():
            load = os.getloadavg()[0]
            ms = []
            for i, c in enumerate(cands):
                t = time.perf_counter()
                found = fn(c)
                ms.append((time.perf_counter() - t) * 1000)
                if run == 0:
                    answers.setdefault(i, {})[name] = found
            results[name].append({"load": load, "p50": percentile(ms, 50), "p95": percentile(ms, 95),
                                  "p99": percentile(ms, 99), "mean": sum(ms) / len(ms), "max": max(ms)})
            print(f"  run {run + 1}/{runs} {name:<9} p50 {results[name][-1]['p50']:.2f} ms "
                  f"p95 {results[name][-1]['p95']:.2f} p99 {results[name][-1]['p99']:.2f} (load {load:.2f})",
                  flush=True)
    conn.close()
    agree = sum(set(a["zhenxing"]) == set(a["postgis"]) for a in answers.values())
    near = sum(len(a["zhenxing_query"]) for a in answers.values()) / len(answers)
    found = {kind: sum(bool(answers[i]["zhenxing"]) for i, c in enumerate(cands) if c["kind"] == kind)
             for kind in ("free", "moved", "widened")}
    totals = {kind: sum(c["kind"] == kind for c in cands) for kind in found}
    summary = {"candidates": n, "agree": agree, "near_mean": near, "found": found, "totals": totals,
               "runs": results, "sizes": sizes(PROVINCE_DB)}
    print_overlap(summary)
    save("overlap", summary)
    return summary


def print_overlap(s: dict) -> None:
    sz = s["sizes"]
    print(f"\n(b) overlap check of one polygon, {sz['parcels']:,} parcels; {s['candidates']:,} candidates, "
          f"medians of {len(s['runs']['zhenxing'])} runs; ms")
    print(f"{'':<40}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}")
    for name, label in [("zhenxing", "zhenxing checks.overlapping_parcels"),
                        ("zhenxing_query", "  of which parcels_near (ORM, bbox)"),
                        ("postgis", "PostGIS ST_Intersects + GK area (GiST)")]:
        runs = s["runs"][name]
        print(f"{label:<40}" + "".join(f"{med(runs, k):>9.2f}" for k in ("p50", "p95", "p99", "mean")))
    z, p = s["runs"]["zhenxing"], s["runs"]["postgis"]
    print(f"{'ratio zhenxing / PostGIS':<40}" + "".join(f"{med(z, k) / med(p, k):>8.1f}x"
                                                         for k in ("p50", "p95", "p99", "mean")))
    print("found overlapping (zhenxing): " + ", ".join(f"{k} {s['found'][k]}/{s['totals'][k]}"
                                                      for k in s["found"])
          + f"; same parcels as PostGIS for {s['agree']}/{s['candidates']}; "
          f"{s['near_mean']:.1f} bbox candidates per check on average")
    print(f"\n{'size, MB':<40}{'table':>9}{'indexes':>9}")
    for table in ("homestead_parcel", "bench_parcel_gis"):
        if table in sz:
            print(f"{table:<40}{sz[table]['table_mb']:>9.0f}{sz[table]['indexes_mb']:>9.0f}")
            for name, mb in sz[table].items():
                if name not in ("table_mb", "indexes_mb"):
                    print(f"  {name:<47}{mb:>9.0f}")
    loads = [r["load"] for side in s["runs"].values() for r in side]
    print(f"1-min load average at the start of the runs: {min(loads):.2f}–{max(loads):.2f} (2 cores)")


def import_cells() -> list[tuple[float, float, float, float]]:
    """The boxes ParcelImport._stored_near queries for the import file: one per 0.05-degree cell."""
    import pyogrio
    import shapely

    _, _, wkb, _ = pyogrio.raw.read(IMPORT_FILE, read_geometry=True, columns=[])
    cells: dict[tuple[int, int], list[float]] = {}
    for min_x, min_y, max_x, max_y in shapely.bounds(shapely.from_wkb(wkb)).tolist():
        key = (math.floor(min_x / 0.05), math.floor(min_y / 0.05))
        box = cells.setdefault(key, [min_x, min_y, max_x, max_y])
        box[:] = [min(box[0], min_x), min(box[1], min_y), max(box[2], max_x), max(box[3], max_y)]
    return [tuple(b) for b in cells.values()]


_NEAR_WHERE = ("min_x <= %(max_x)s AND max_x >= %(min_x)s AND min_y <= %(max_y)s AND max_y >= %(min_y)s "
               "AND NOT geometry = ''")
_NEAR_COLUMNS = "SELECT id, code, path, geometry FROM homestead_parcel WHERE "
# (label, SQL, run as Django's .iterator() does: a WITH HOLD server-side cursor, fetched 2,000 at a time)
STORED_NEAR_SQL = [
    ("app: as the ORM sends it (cursor, ORDER BY path, code)",
     _NEAR_COLUMNS + _NEAR_WHERE + " ORDER BY path, code", True),
    ("same query without ORDER BY (cursor)", _NEAR_COLUMNS + _NEAR_WHERE, True),
    ("alt: GiST on box(point(min), point(max)), &&",
     _NEAR_COLUMNS + "box(point(min_x, min_y), point(max_x, max_y)) && box(point(%(min_x)s, %(min_y)s), "
     "point(%(max_x)s, %(max_y)s)) AND NOT geometry = ''", True),
]


def bench_stored_near(runs: int, sample: int) -> dict:
    """The import's query for registered parcels near the file (ParcelImport._stored_near: one query
    per 0.05-degree box) at province scale: as the ORM sends it, without its ORDER BY, and with a
    plain-PostgreSQL GiST expression index on the bounding box (no PostGIS needed)."""
    db = PROVINCE_DB
    cells = import_cells()
    boxes = cells[:: max(1, len(cells) // sample)][:sample]
    out: dict = {"cells": len(cells), "sampled": len(boxes), "registered": clear_import_counties(db)}
    print(f"  {len(boxes)} of the file's {len(cells)} boxes, {out['registered']:,} registered parcels")
    try:
        with psycopg.connect(common.url_for(db), autocommit=True) as conn:
            for label, sql, _ in STORED_NEAR_SQL:
                if label.startswith("alt"):
                    t = time.perf_counter()
                    conn.execute("SET maintenance_work_mem = '1GB'")
                    conn.execute("CREATE INDEX bench_parcel_box ON homestead_parcel "
                                 "USING gist (box(point(min_x, min_y), point(max_x, max_y)))")
                    conn.execute("ANALYZE homestead_parcel")
                    out["box_index_build_s"] = time.perf_counter() - t
                    out["box_index_mb"] = float(conn.execute(
                        "SELECT pg_relation_size('bench_parcel_box') / 1048576.0").fetchone()[0])
                per_box, rows, load = [], 0, os.getloadavg()[0]
                for _ in range(runs):
                    for min_x, min_y, max_x, max_y in boxes:
                        t = time.perf_counter()
                        with conn.cursor(name="near", withhold=True) as cur:
                            cur.execute(sql, {"min_x": min_x, "min_y": min_y, "max_x": max_x, "max_y": max_y})
                            while batch := cur.fetchmany(2000):
                                rows += len(batch)
                        per_box.append((time.perf_counter() - t) * 1000)
                out[label] = {"ms_per_box": per_box, "rows": rows // runs, "load": load}
                ms = common.median(per_box)
                total = ms * len(cells) / 1000
                print(f"  {label:<56} {ms:9.1f} ms/box; x {len(cells)} boxes = {total:7.1f} s"
                      f" (load {load:.2f})", flush=True)
    finally:
        with psycopg.connect(common.url_for(db), autocommit=True) as conn:
            conn.execute("DROP INDEX IF EXISTS bench_parcel_box")
        restore_import_counties(db)
    if "box_index_mb" in out:
        print(f"  box index: {out['box_index_mb']:.0f} MB, built in {out['box_index_build_s']:.0f} s")
    save("stored_near", out)
    return out


# --- command line --------------------------------------------------------------------------------

def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="GIS benchmark: parcel import and overlap check vs PostGIS")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="build the databases (and the GeoJSON file)")
    p.add_argument("--what", choices=["import", "province", "both"], default="both")
    p.add_argument("--parcels", type=int, default=100_000, help="features in the import file")
    p.add_argument("--counties", type=int, default=100, help="districts (142 villages each)")
    p = sub.add_parser("import", help="(a) import throughput vs ogr2ogr")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sqlite-runs", type=int, default=1)
    p.add_argument("--province", action="store_true",
                   help=f"import into {PROVINCE_DB} (4M parcels) instead of {IMPORT_DB}")
    p = sub.add_parser("overlap", help="(b) overlap check latency vs ST_Intersects")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--candidates", type=int, default=1000)
    p = sub.add_parser("stored-near", help="the import's query for registered parcels, at province scale")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sample", type=int, default=30, help="boxes of the import file to query")
    p = sub.add_parser("all", help="generate, import, overlap")
    p.add_argument("--runs", type=int, default=3)
    p = sub.add_parser("_import-prepare")
    p.add_argument("--db", required=True)
    p = sub.add_parser("_import-run")
    p.add_argument("--db", required=True)
    p.add_argument("--file", required=True)
    args = parser.parse_args(argv)
    if args.command in ("generate", "import", "overlap", "stored-near", "all"):
        common.server_url()
    if args.command == "generate":
        if args.what in ("import", "both"):
            generate_import(args.parcels)
        if args.what in ("province", "both"):
            generate_province(args.counties)
    elif args.command == "import":
        bench_import(args.runs, args.sqlite_runs, args.province)
    elif args.command == "overlap":
        bench_overlap(args.candidates, args.runs)
    elif args.command == "stored-near":
        bench_stored_near(args.runs, args.sample)
    elif args.command == "all":
        me = [sys.executable, __file__]
        for step_args in (["generate"], ["import", "--runs", str(args.runs)],
                          ["import", "--province", "--runs", str(args.runs)],
                          ["overlap", "--runs", str(args.runs)]):
            subprocess.run([*me, *step_args], check=True)
    elif args.command == "_import-prepare":
        _import_prepare(args.db)
    elif args.command == "_import-run":
        _import_run(args.db, args.file)


if __name__ == "__main__":
    main()
