"""The API's derived lists, cursors and data-exchange streams at scale, beside the bare SQL (issue 12).

    /work/venv/bin/python bench/api.py --scale 1 [--runs 7] [--budget 20] [--stream-runs 3] [--top-runs 2]

One process against `zx_bench_x<scale>` (bench/province.py). As in bench/pages.py, requests go in-process
through django.test.Client, signed in with `force_login` (the administrators' second-factor gate is off,
ZHENXING_REQUIRE_2FA=0; the stream's row limit is raised for the 1.4M-row province). Users: a street
admin (one street, ~15k persons), a district admin at one county (~140k) and a district admin at the
province (every county: ~1.4M persons at 10x). Measured:

1. `GET /api/v1/persons?page=N&page_size=50` and the cursor walk (`cursor=start`, then `next_cursor`) at
   pages 1, 10, 100, beside the bare SQL of the same page: the selector's queryset (`.query`) run on a raw
   cursor, its COUNT(*) (every API page carries `count`), and a hand-written keyset query.
2. The stream `GET /api/v1/persons/export?format=csv|ndjson` per scope: seconds and rows/s, beside psql's
   `COPY (SELECT …) TO STDOUT WITH CSV` of the same columns and `values_list().iterator()` alone; at the
   street and county also the model iterator alone and with `row_out` (where the Python time goes).
3. A derived register's list, `/api/v1/governance/grid` (households with their last visit), beside its SQL.

Lists: one warm-up, then up to --runs within --budget seconds (pages.measure). Streams: --stream-runs after
one warm-up; the province scope --top-runs without warm-up (minutes each). Figures only: nothing asserted.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import pages  # noqa: E402

PAGE_SIZE = 50


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def ensure_users() -> dict:
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.models import RoleAssignment

    ctx = pages.ensure_users()
    user, created = get_user_model().objects.get_or_create(username="bench_street_admin")
    if created:
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role="street_admin", org_unit=ctx["street"])
    ctx["users"]["street_admin"] = user
    ctx["units"] = {"street_admin": ctx["street"], "county_admin": ctx["county"], "top_admin": ctx["top"]}
    return ctx


def raw(sql: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return len(cur.fetchall())


def raw_qs(qs) -> int:
    """The queryset's own SQL on a raw cursor: no model instances, no serialization."""
    sql, params = qs.query.sql_with_params()
    return raw(sql, params)


def api_get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code} {response.content[:200]!r}")
    return response


# --- 1. persons list: page numbers and cursors ------------------------------------------------------------

KEYSET = """SELECT p.id, p.name, p.gender, p.birth_date, p.ethnicity, p.education, p.political_status,
 p.id_number_masked, p.phone_masked, p.household_id, h.number, p.relation, v.code, v.name, p.collective_member
FROM people_person p LEFT JOIN people_household h ON h.id = p.household_id
 LEFT JOIN orgs_orgunit v ON v.id = p.village_id
WHERE p.path >= %s AND p.path < %s AND {after} ORDER BY {order} LIMIT %s"""


def bench_list(ctx, clients, runs, budget) -> list[dict]:
    from zhenxing.core.paths import upper_bound
    from zhenxing.orgs.access import actor_for
    from zhenxing.people import selectors

    rows = []

    def add(role, client, request, url, page_qs, keyset, extra):
        row = {"role": role, "request": request,
               "api": pages.measure(lambda: len(api_get(client, url).content), runs, budget),
               "page_sql": pages.measure(lambda: raw_qs(page_qs), runs, budget),
               "keyset": pages.measure(lambda: raw(*keyset), runs, budget), **extra}
        rows.append(row)
        print(f"    {role:<12} {request:<18} api {row['api']['median_ms']:8.1f} ms  "
              f"sql {row['page_sql']['median_ms']:7.1f}  keyset {row['keyset']['median_ms']:7.1f}",
              file=sys.stderr, flush=True)

    for role in ("street_admin", "top_admin"):
        client, unit = clients[role], ctx["units"][role]
        scope = (unit.path, upper_bound(unit.path))
        qs = selectors.persons(actor=actor_for(ctx["users"][role]))
        total = qs.count()
        extra = {"rows": total, "count": pages.measure(qs.count, runs, budget)}
        for n in (1, 10, 100, 1000):
            start = (n - 1) * PAGE_SIZE
            if start >= total:
                continue
            after = ("(p.path, p.id) > (%s, %s)", list(qs.values_list("path", "id")[start - 1])) if start \
                else ("TRUE", [])
            keyset = (KEYSET.format(after=after[0], order="p.path, p.id"), [*scope, *after[1], PAGE_SIZE])
            add(role, client, f"page={n}", f"/api/v1/persons?page={n}&page_size={PAGE_SIZE}",
                qs[start:start + PAGE_SIZE], keyset, extra)
        # the cursor walk: the cursors of pages 10 and 100 are found by walking once (untimed)
        cursor, last_id = "start", 0
        for n in range(1, 101):
            url = f"/api/v1/persons?cursor={cursor}&page_size={PAGE_SIZE}"
            if n in (1, 10, 100):
                keyset = (KEYSET.format(after="p.id > %s", order="p.id"), [*scope, last_id, PAGE_SIZE + 1])
                add(role, client, f"cursor page {n}", url,
                    qs.filter(pk__gt=last_id).order_by("pk")[:PAGE_SIZE + 1], keyset, extra)
            body = json.loads(api_get(client, url).content)
            if not body["next_cursor"]:
                break
            cursor, last_id = body["next_cursor"], body["items"][-1]["id"]
    return rows


def bench_walk(ctx, clients) -> list[dict]:
    """A client copying the register: 100 cursor pages in a row, each request timed once."""
    out = []
    for role in ("street_admin", "top_admin"):
        times, cursor = [], "start"
        while cursor and len(times) < 100:
            t = time.perf_counter()
            cursor = json.loads(api_get(clients[role], f"/api/v1/persons?cursor={cursor}&page_size="
                                                       f"{PAGE_SIZE}").content)["next_cursor"]
            times.append(time.perf_counter() - t)
        out.append({"role": role, "pages": len(times), "total_s": sum(times),
                    "median_ms": common.median(times) * 1000, "p95_ms": common.p95(times) * 1000})
        print(f"    walk {role:<12} {len(times)} pages {sum(times):6.1f} s", file=sys.stderr, flush=True)
    return out


# --- 2. the stream ---------------------------------------------------------------------------------------

def copy_sql(unit) -> str:
    """The stream's columns and order in SQL, labels included (CASE from the same choices)."""
    from zhenxing.core.paths import upper_bound
    from zhenxing.people import choices

    def label(col, pairs):
        whens = " ".join(f"WHEN '{v}' THEN '{t}'" for v, t in pairs)
        return f"CASE {col} {whens} ELSE {col} END"

    return (f"COPY (SELECT p.id, p.name, {label('p.gender', choices.GENDERS)}, p.birth_date, "
            f"p.id_number_masked, {label('p.political_status', choices.POLITICAL_STATUS)}, "
            "COALESCE(v.name, o.name) FROM people_person p JOIN orgs_orgunit o ON o.id = p.org_unit_id "
            "LEFT JOIN orgs_orgunit v ON v.id = p.village_id "
            f"WHERE p.path >= '{unit.path}' AND p.path < '{upper_bound(unit.path)}' ORDER BY p.path, p.id) "
            "TO STDOUT WITH CSV HEADER")


def psql_copy(sql: str) -> int:
    from django.db import connection

    url = common.url_for(connection.settings_dict["NAME"])
    proc = subprocess.Popen(["psql", "-X", "-q", url, "-c", sql], stdout=subprocess.PIPE)
    size = 0
    while chunk := proc.stdout.read(1 << 20):
        size += len(chunk)
    if proc.wait():
        raise SystemExit("psql COPY failed")
    return size


def csv_before(qs) -> int:
    """The stream's CSV as it was: each row through row_out (its url, a reverse(), then dropped)."""
    from zhenxing.core import excel
    from zhenxing.orgs.register_api import row_out
    from zhenxing.people.registers import PERSONS as R

    rows = (row_out(R, o) for o in qs.iterator(chunk_size=2000))
    headers = ["id", *(c.header for c in R.columns)]
    return sum(len(b) for b in excel.csv_chunks(headers, ([r["id"], *(r[c.key] for c in R.columns)]
                                                            for r in rows)))


def csv_now(qs) -> int:
    from zhenxing.core import excel
    from zhenxing.orgs.register_api import json_value
    from zhenxing.people.registers import PERSONS as R

    objs = qs.iterator(chunk_size=2000)
    cells = ([o.pk, *(json_value(c.kind, c.value(o)) for c in R.columns)] for o in objs)
    return sum(len(b) for b in excel.csv_chunks(["id", *(c.header for c in R.columns)], cells))


def drain(response) -> int:
    return sum(len(chunk) for chunk in response.streaming_content)


def timed(fn, runs: int, warmup: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warmup:
        fn()
    times, size, queries = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            size = fn()
            times.append(time.perf_counter() - t)
        queries = len(q.captured_queries)
    return {"n": len(times), "median_s": common.median(times), "p95_s": common.p95(times), "bytes": size,
            "queries": queries}


EXPORT = "/api/v1/persons/export?format="
# the stream's columns (people.indicators.PERSON_COLUMNS) as fields: the village's name or the unit's
STREAM_FIELDS = ("id", "name", "gender", "birth_date", "id_number_masked", "political_status",
                 "village__name", "org_unit__name")


def bench_streams(ctx, clients, runs, top_runs) -> list[dict]:
    from zhenxing.orgs.access import actor_for
    from zhenxing.orgs.register_api import row_out
    from zhenxing.people import selectors
    from zhenxing.people.registers import PERSONS

    out = []
    for role in ("street_admin", "county_admin", "top_admin"):
        client, unit = clients[role], ctx["units"][role]
        qs = selectors.persons(actor=actor_for(ctx["users"][role]))
        total = qs.count()
        top = role == "top_admin"
        n, warm = (top_runs, False) if top else (runs, True)
        values = qs.values_list(*STREAM_FIELDS)
        variants = [
            ("psql COPY … TO STDOUT WITH CSV", lambda u=unit: psql_copy(copy_sql(u))),
            ("values_list().iterator() alone", lambda v=values: sum(1 for _ in v.iterator(chunk_size=2000))),
            ("API csv (Client)", lambda c=client: drain(api_get(c, EXPORT + "csv"))),
            ("API ndjson (Client)", lambda c=client: drain(api_get(c, EXPORT + "ndjson"))),
        ]
        if not top:
            variants[2:2] = [
                ("model iterator alone", lambda q=qs: sum(1 for _ in q.iterator(chunk_size=2000))),
                ("model iterator + row_out", lambda q=qs: sum(len(row_out(PERSONS, o))
                                                              for o in q.iterator(chunk_size=2000))),
                ("CSV via row_out (before d2d0cfe), no request", lambda q=qs: csv_before(q)),
                ("CSV from the columns (now), no request", lambda q=qs: csv_now(q)),
            ]
        for label, fn in variants:
            r = {"role": role, "scope": f"{unit.level} {unit.name}", "variant": label, "rows": total,
                 "warm": warm, **timed(fn, n, warm)}
            r["rows_per_s"] = total / r["median_s"] if r["median_s"] else 0
            out.append(r)
            print(f"    {role:<12} {label:<34} {r['median_s']:8.2f} s {r['rows_per_s']:10,.0f} rows/s",
                  file=sys.stderr, flush=True)
    return out


# --- 3. a derived register's list ---------------------------------------------------------------------------

def bench_register(ctx, clients, runs, budget) -> tuple[list[dict], str]:
    from zhenxing.governance.visits import selectors as visits
    from zhenxing.governance.visits.models import Visit
    from zhenxing.homestead.enforcement.models import Violation
    from zhenxing.orgs.access import actor_for

    note = (f"rows in the bench data: governance visits {Visit.objects.count():,}, homestead violations "
            f"{Violation.objects.count():,}; measured: governance/grid (households + last-visit subquery)")
    rows = []
    for role in ("street_admin", "top_admin"):
        qs = visits.grid_households(actor=actor_for(ctx["users"][role]))
        total = qs.count()
        count = pages.measure(lambda q=qs: q.count(), runs, budget)
        for n in (1, 100):
            start = (n - 1) * PAGE_SIZE
            url = f"/api/v1/governance/grid?page={n}&page_size={PAGE_SIZE}"
            row = {"role": role, "request": f"grid page={n}", "rows": total, "count": count,
                   "api": pages.measure(lambda c=clients[role], u=url: len(api_get(c, u).content), runs,
                                        budget),
                   "page_sql": pages.measure(lambda q=qs[start:start + PAGE_SIZE]: raw_qs(q), runs, budget)}
            rows.append(row)
            print(f"    {role:<12} grid page={n:<5} api {row['api']['median_ms']:8.1f} ms", file=sys.stderr,
                  flush=True)
    return rows, note


# --- output ----------------------------------------------------------------------------------------------

def print_tables(res: dict) -> None:
    print(f"\n# bench/api.py, scale {res['scale']}x ({res['db']}), {res['started']}\n")
    print(f"Load average (1/5/15 min): start {res['load']['start']}, after lists {res['load']['lists']}, "
          f"after streams {res['load']['streams']}, end {res['load']['end']} (2 cores).\n")
    print("## Persons list: API request vs the bare SQL of the same page (ms, median / p95)\n")
    print("| role | request | rows in scope | n | API | queries | page SQL (selector's .query) | COUNT(*) "
          "| hand keyset SQL |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in res["lists"]:
        a, s, c, k = r["api"], r["page_sql"], r["count"], r["keyset"]
        print(f"| {r['role']} | {r['request']} | {r['rows']:,} | {a['n']} | {a['median_ms']:.1f} / "
              f"{a['p95_ms']:.1f} | {a['queries']} | {s['median_ms']:.1f} / {s['p95_ms']:.1f} | "
              f"{c['median_ms']:.1f} / {c['p95_ms']:.1f} | {k['median_ms']:.1f} / {k['p95_ms']:.1f} |")
    print("\nCursor walk, 100 pages in a row (each request once):\n")
    print("| role | pages | total s | median ms | p95 ms |\n|---|---:|---:|---:|---:|")
    for w in res["walks"]:
        print(f"| {w['role']} | {w['pages']} | {w['total_s']:.1f} | {w['median_ms']:.1f} | "
              f"{w['p95_ms']:.1f} |")
    print("\n## Persons stream: the API beside the alternatives\n")
    print("| scope | variant | rows | n | median s | p95 s | rows/s | MB | queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in res["streams"]:
        mb = f"{r['bytes'] / 2**20:.1f}" if r["variant"].startswith(("API", "psql", "CSV")) else ""
        print(f"| {r['scope']} ({r['role']}) | {r['variant']} | {r['rows']:,} | {r['n']}"
              f"{'' if r['warm'] else ' cold'} | {r['median_s']:.2f} | {r['p95_s']:.2f} | "
              f"{r['rows_per_s']:,.0f} | {mb} | {r['queries']} |")
    print(f"\n## Derived register list: /api/v1/governance/grid\n\n{res['register_note']}\n")
    print("| role | request | rows in scope | n | API ms | queries | page SQL ms | COUNT(*) ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in res["register"]:
        a, s, c = r["api"], r["page_sql"], r["count"]
        print(f"| {r['role']} | {r['request']} | {r['rows']:,} | {a['n']} | {a['median_ms']:.1f} / "
              f"{a['p95_ms']:.1f} | {a['queries']} | {s['median_ms']:.1f} / {s['p95_ms']:.1f} | "
              f"{c['median_ms']:.1f} / {c['p95_ms']:.1f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="API 基准：人员列表（页码/游标）、数据交换流（CSV/NDJSON）、派生台账")
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--db", help="库名（默认 zx_bench_x<scale>）")
    parser.add_argument("--runs", type=int, default=7, help="列表请求每项最多计时次数")
    parser.add_argument("--budget", type=float, default=20.0, help="列表请求每项计时预算（秒）")
    parser.add_argument("--stream-runs", type=int, default=3, help="街道/区县范围的导出流计时次数")
    parser.add_argument("--top-runs", type=int, default=2, help="全省范围的导出流计时次数（不预热）")
    parser.add_argument("--timeout", type=int, default=900, help="单条 SQL 超时（秒）")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args(argv)
    os.environ["PGOPTIONS"] = f"-c statement_timeout={args.timeout * 1000}"
    os.environ["ZHENXING_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["ZHENXING_REQUIRE_2FA"] = "0"  # the gate keeps an admin without a second factor off the API
    # the province scope at 10x (1.4M persons) is over the stream's 1,000,000-row limit: raised here
    os.environ["ZHENXING_API_EXPORT_MAX_ROWS"] = str(10**9)
    db = common.db_name_for(args.scale, args.db)
    common.setup_django(db)
    from django.test import Client

    ctx = ensure_users()
    clients = {}
    for role, user in ctx["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    res = {"scale": args.scale, "db": db, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
           "load": {"start": load()}}
    print(f"  规模 {args.scale}x 列表 …", file=sys.stderr, flush=True)
    res["lists"] = bench_list(ctx, clients, args.runs, args.budget)
    res["walks"] = bench_walk(ctx, clients)
    res["load"]["lists"] = load()
    print(f"  规模 {args.scale}x 导出流 …", file=sys.stderr, flush=True)
    res["streams"] = bench_streams(ctx, clients, args.stream_runs, args.top_runs)
    res["load"]["streams"] = load()
    res["register"], res["register_note"] = bench_register(ctx, clients, args.runs, args.budget)
    res["load"]["end"] = load()
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1))
    print_tables(res)


if __name__ == "__main__":
    main()
