"""Time the search page (/search/?q=) at each generated scale, and compare the ways a name can be matched.

    /work/venv/bin/python bench/search.py --scale 1 100 [--runs 7] [--budget 10] [--alternatives]

Works on the databases bench/province.py makes (`zx_bench_x<scale>`), which hold the org tree and the people
only. The first run adds what else the box finds, in the demo district's proportions (INSERT … SELECT,
marked synthetic; again only if the tables are empty): a parcel for 7 households in 10 (宗地代码 = village
code + JC + the household's five digits, 不动产单元号 = that + F00010001), a case for one in 25 (every third
with a 12345 work order number), an application for one household per village, a lease for one in 50.

Then, in a child process per scale (Django settings are per process), the three users of bench/pages.py
(a district admin at the province, one at a county, one village's secretary) request the search page for
each kind of query; figures as in pages.py (median and p95 of the whole request, queries, slowest query).
`--alternatives` adds, as the province's admin, the ways of matching a person's name side by side: the
code's prefix match (`LIKE 'x%'` on the pattern_ops index Django gives every indexed text column) in name
order and in the register's path order, a substring match without an index, with a pg_trgm GIN index and
with a `simple` full-text GIN index (both indexes are built here, timed, and dropped again); and the
household match as the union the code runs against the OR across the join it replaced.
Figures only: nothing is asserted.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import pages  # noqa: E402

SEED = {
    "homestead_parcel": """
INSERT INTO homestead_parcel (code, unit_number, path, location, area_m2, east, south, west, north, use,
    certification, certificate_number, build_status, use_status, geometry, synthetic, household_id,
    village_id)
SELECT v.code || 'JC' || right(h.number, 5), v.code || 'JC' || right(h.number, 5) || 'F00010001', v.path,
       v.name || (right(h.number, 5)::int + 1) || '号', 200, '', '', '', '', 'residential', 'uncertified', '',
       'approved_built', 'in_use', '', true, h.id, v.id
FROM people_household h JOIN orgs_orgunit v ON v.id = h.village_id WHERE h.id % 10 < 7""",
    "governance_case": """
INSERT INTO governance_case (state, state_since, path, code, source, reporter_name, description, location,
    result, satisfaction, evaluation, reopened, created_at, village_id, hotline_number, feedback,
    feedback_method, reporter_phone_enc, reporter_phone_masked)
SELECT 'closed', now(), v.path, 'AJ-2025-' || lpad(row_number() OVER (ORDER BY h.id)::text, 6, '0'),
       'grid', '', '路灯损坏', '', '已修复', '', '', 0, now() - (h.id % 300) * interval '1 day', v.id,
       CASE WHEN h.id % 75 = 0 THEN '1234520250' || lpad((h.id / 75)::text, 8, '0') ELSE '' END,
       '', '', '', ''
FROM people_household h JOIN orgs_orgunit v ON v.id = h.village_id WHERE h.id % 25 = 0""",
    "homestead_application": """
INSERT INTO homestead_application (state, state_since, path, code, kind, reason, location, east, south, west,
    north, site_area_m2, building_area_m2, floors, geometry, min_x, min_y, max_x, max_y, review_round,
    approval_number, created_at, synthetic, household_id, village_id)
SELECT 'village_review', now(), v.path, 'ZJD-2025-' || lpad(row_number() OVER (ORDER BY h.id)::text, 6, '0'),
       'new', '分户', v.name, '', '', '', '', 180, 120, 1, '', 0, 0, 0, 0, 0, '', now(), true, h.id, v.id
FROM people_household h JOIN orgs_orgunit v ON v.id = h.village_id WHERE h.id % 352 = 1""",
    "homestead_transfercontract": """
INSERT INTO homestead_transfercontract (code, path, kind, transferee_name, transferee_kind, transferee_id_enc,
    transferee_id_hash, transferee_id_shown, transferee_member, purpose, starts_on, ends_on, rent_yuan,
    payment_cycle, termination_reason, created_at, synthetic, household_id, parcel_id, village_id)
SELECT 'LZ-2025-' || lpad(row_number() OVER (ORDER BY p.id)::text, 6, '0'), p.path, 'lease', '某文旅公司',
       'enterprise', '', '', '91210113MA0000000X', false, 'homestay', date '2025-01-01', date '2030-01-01',
       6000, 'yearly', '', now(), true, p.household_id, p.id, p.village_id
FROM homestead_parcel p WHERE p.household_id % 50 = 0""",
}


def seed(db: str) -> dict:
    """Add the records the box finds besides people, once; returns {table: (rows, seconds)}."""
    done = {}
    with psycopg.connect(common.url_for(db), autocommit=True) as conn:
        for table, sql in SEED.items():
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                continue
            started = time.perf_counter()
            rows = conn.execute(sql).rowcount
            conn.execute(f"ANALYZE {table}")
            done[table] = (rows, round(time.perf_counter() - started, 1))
            print(f"  {table}: {rows:,} 行 … {done[table][1]} s", file=sys.stderr, flush=True)
    return done


# ----------------------------------------------------------------------------- child process (one scale)

def queries(ctx) -> list[tuple[str, str]]:
    """(label, q): one query of each kind, taken from the first village of the county (so every role finds
    it) or the lowest number in the table, a digit or two short of the whole."""
    from zhenxing.governance.cases.models import Case
    from zhenxing.homestead.applications.models import Application
    from zhenxing.homestead.parcels.models import Parcel
    from zhenxing.homestead.transfers.models import TransferContract
    from zhenxing.people.models import Household

    def first(model, field, **where):
        return model.objects.filter(**where).order_by(field).values_list(field, flat=True).first() or "XX"

    parcel = Parcel.objects.filter(village=ctx["village"]).order_by("code").first()
    return [
        ("name, 3 chars", "王国华"), ("name, 2 chars", "王国"), ("name, nobody", "欧阳娜"),
        ("ID number (whole, nobody)", "21011319700101001X"),
        ("household number prefix", first(Household, "number", village=ctx["village"])[:-2]),
        ("宗地代码 (19)", parcel.code), ("不动产单元号 prefix", parcel.unit_number[:-6]),
        ("case number prefix", first(Case, "code")[:-1]),
        ("application number prefix", first(Application, "code")[:-2]),
        ("contract number prefix", first(TransferContract, "code")[:-2]),
    ]


def bench_searches(ctx, runs, budget) -> list[dict]:
    from urllib.parse import urlencode

    from django.test import Client

    from zhenxing.orgs import search
    from zhenxing.orgs.access import actor_for

    rows = []
    for role, user in ctx["users"].items():
        client = Client()
        client.force_login(user)
        actor = actor_for(user)
        for label, q in [("(the page, no query)", None), *queries(ctx)]:
            url = "/search/" + (f"?{urlencode({'q': q})}" if q else "")

            def get(url=url, client=client):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                return len(response.content)

            found = search.search(actor, search.parse(q)) if q else []
            note = ", ".join(f"{g.kind.key} {g.count}{'+' if g.capped else ''}" for g in found) or "none"
            timing = pages.measure(get, runs, budget)
            # The search alone (orgs.search.search: its queries and hits), without the request around it.
            def alone_fn(q=q, a=actor):
                search.search(a, search.parse(q))
                return 0

            alone = pages.measure(alone_fn, runs, budget) if q else {"median_ms": 0.0}
            rows.append({"role": role, "query": label, "q": q or "", "found": note, **timing,
                         "search_ms": alone["median_ms"]})
            print(f"    {role:<13} {label:<28} {rows[-1]['median_ms']:8.1f} ms  {note}", file=sys.stderr,
                  flush=True)
    return rows


EXTRA_INDEXES = {
    "trgm": ("CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX bench_person_name_trgm ON people_person "
             "USING gin (name gin_trgm_ops)", "bench_person_name_trgm"),
    "fts": ("CREATE INDEX bench_person_name_fts ON people_person USING gin (to_tsvector('simple', name))",
            "bench_person_name_fts"),
}


def bench_alternatives(ctx, runs, budget) -> list[dict]:
    from django.db import connection
    from django.db.models import Q

    from zhenxing.orgs import access, search
    from zhenxing.orgs.access import actor_for
    from zhenxing.people.models import Household, Person

    actor = actor_for(ctx["users"]["top_admin"])
    scoped = access.scoped(Person.objects.all(), actor, access.VIEW_PEOPLE)
    rows = []

    def add(what, variant, fn, note=""):
        def call():
            return fn() or 0

        rows.append({"what": what, "variant": variant, "note": note, **pages.measure(call, runs, budget)})
        print(f"    {what:<30} {variant:<44} {rows[-1]['median_ms']:9.1f} ms {note}", file=sys.stderr,
              flush=True)

    def first_and_count(qs):
        list(qs[:10])
        return search.count_capped(qs)[0]

    texts = ("王国华", "王国", "国华", "欧阳娜")
    order = (*search.by_key("name"), "path", "id")  # the code's order (people/search.py)
    for text in texts:
        what = f"person name “{text}” @top"
        prefix = scoped.filter(name__startswith=text)
        infix = scoped.filter(name__contains=text)
        add(what, "code: LIKE 'x%' (b-tree), by length, name",
            lambda q=prefix: first_and_count(q.order_by(*order)), f"{prefix.count():,} rows")
        add(what, "prefix in name order (an index's order)",
            lambda q=prefix: first_and_count(q.order_by("name", "path", "id")))
        add(what, "prefix in the register's order (path, id)",
            lambda q=prefix: first_and_count(q.order_by("path", "id")))
        add(what, "full COUNT(*) instead of count≤500", lambda q=prefix: q.count())
        add(what, "substring LIKE '%x%', no index", lambda q=infix: first_and_count(q.order_by(*order)),
            f"{infix.count():,} rows")
    built = {}
    try:
        with connection.cursor() as cur:
            for key, (ddl, name) in EXTRA_INDEXES.items():
                started = time.perf_counter()
                cur.execute(ddl)
                cur.execute("SELECT pg_relation_size(%s)", [name])
                size = cur.fetchone()[0] / 2**20
                built[key] = f"built in {time.perf_counter() - started:.0f} s, {size:.0f} MB"
            cur.execute("ANALYZE people_person")
        for text in texts:
            what = f"person name “{text}” @top"
            infix = scoped.filter(name__contains=text)
            fts = scoped.extra(where=["to_tsvector('simple', name) @@ to_tsquery('simple', %s)"],
                               params=[f"{text}:*"])
            add(what, "substring LIKE '%x%', pg_trgm GIN",
                lambda q=infix: first_and_count(q.order_by(*order)), f"index {built['trgm']}")
            add(what, "full text 'simple' x:*, GIN", lambda q=fts: first_and_count(q.order_by(*order)),
                f"{fts.count():,} rows; index {built['fts']}")
    finally:
        with connection.cursor() as cur:
            for _, name in EXTRA_INDEXES.values():
                cur.execute(f"DROP INDEX IF EXISTS {name}")
    households = access.scoped(Household.objects.all(), actor, access.VIEW_PEOPLE)
    for text in ("王国华", f"{ctx['village'].code}001"):
        what = f"household “{text}” @top"
        by_number = households.filter(number__startswith=text).values("pk")
        by_head = households.filter(head__name__startswith=text).values("pk")
        union = Household.objects.filter(pk__in=by_number.union(by_head, all=True))
        either = households.filter(Q(number__startswith=text) | Q(head__name__startswith=text))
        add(what, "code: number ∪ head name, scoped in both",
            lambda q=union: first_and_count(q.order_by(*search.by_key("number"))), f"{union.count():,} rows")
        add(what, "OR across the join to the head",
            lambda q=either: first_and_count(q.order_by(*search.by_key("number"))))
    return rows


def child(scale: int, db: str, runs: int, budget: float, alternatives: bool, sqlite: str = "") -> None:
    os.environ["ZHENXING_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["ZHENXING_REQUIRE_2FA"] = "0"
    if sqlite:  # the demo's own data dir and SQLite database (`zhenxing load-demo`)
        os.environ.pop("DATABASE_URL", None)
        os.environ.update({"ZHENXING_DATA_DIR": sqlite, "DJANGO_SETTINGS_MODULE": "zhenxing.settings"})
        import django

        django.setup()
    else:
        common.setup_django(db)
    ctx = pages.ensure_users()
    print(f"  规模 {scale}x（{db}）搜索 …", file=sys.stderr, flush=True)
    result = {"scale": scale, "searches": bench_searches(ctx, runs, budget), "alternatives": []}
    if alternatives:
        result["alternatives"] = bench_alternatives(ctx, runs, budget)
    print(json.dumps(result, ensure_ascii=False))


# ------------------------------------------------------------------------ parent: run scales, print tables

def label(scale: int) -> str:
    return f"{scale}x" if scale else "demo (SQLite)"


def print_tables(results: list[dict], seeded: dict) -> None:
    if seeded:
        print("\n## Records added (INSERT … SELECT)\n")
        for scale, tables in seeded.items():
            for table, (n, seconds) in tables.items():
                print(f"- {scale}x {table}: {n:,} rows, {seconds} s")
    print("\n## Search page (wall time of the whole request through django.test.Client; warm cache)\n")
    print("| scale | role | query | q | n | page median ms | p95 ms | queries | slowest query ms | "
          "search() ms | found |")
    print("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        for s in r["searches"]:
            print(f"| {label(r['scale'])} | {s['role']} | {s['query']} | `{s['q']}` | {s['n']} | "
                  f"{pages.ms(s)} | {s['p95_ms']:.1f} | {s['queries']} | {s['slowest_ms']:.1f} | "
                  f"{s.get('search_ms', 0):.1f} | {s['found']} |")
    if any(r["alternatives"] for r in results):
        print("\n## Side by side (as the province's admin: 10 hits and the count)\n")
        print("| scale | what | variant | n | median ms | p95 ms | note |")
        print("|---:|---|---|---:|---:|---:|---|")
        for r in results:
            for a in r["alternatives"]:
                print(f"| {label(r['scale'])} | {a['what']} | {a['variant']} | {a['n']} | {pages.ms(a)} | "
                      f"{a['p95_ms']:.1f} | {a['note']} |")
    print("\n## Slowest query of the searches above 50 ms (largest scale)\n")
    for s in results[-1]["searches"]:
        if s["slowest_ms"] > 50 or not s["n"]:
            print(f"- {label(results[-1]['scale'])} {s['role']} {s['query']}: {s['slowest_ms']:.0f} ms — "
                  f"{s['slowest_sql']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="搜索基准：各类查找内容的搜索页，以及姓名匹配方式的对比")
    parser.add_argument("--scale", type=int, nargs="+", default=[0])
    parser.add_argument("--runs", type=int, default=7, help="每项最多计时次数")
    parser.add_argument("--budget", type=float, default=10.0, help="每项计时预算（秒），至少计时两次")
    parser.add_argument("--timeout", type=int, default=300, help="单条 SQL 超时（秒，statement_timeout）")
    parser.add_argument("--alternatives", action="store_true",
                        help="对比姓名的匹配方式（建 pg_trgm 与全文索引，计时后删除）")
    parser.add_argument("--sqlite", metavar="DATA_DIR",
                        help="改测演示数据（zhenxing load-demo 的数据目录，SQLite），规模记为 0")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        os.environ["PGOPTIONS"] = f"-c statement_timeout={args.timeout * 1000}"
        scale = args.scale[0]
        db = "" if args.sqlite else common.db_name_for(scale)
        child(scale, db, args.runs, args.budget, args.alternatives and not args.sqlite, args.sqlite or "")
        return
    results, seeded = [], {}
    for scale in [0] if args.sqlite else args.scale:
        if not args.sqlite:
            seeded[scale] = seed(common.db_name_for(scale))
        cmd = [sys.executable, __file__, "--child", "--scale", str(scale), "--runs", str(args.runs),
               "--budget", str(args.budget), "--timeout", str(args.timeout)]
        if args.alternatives:
            cmd.append("--alternatives")
        if args.sqlite:
            cmd += ["--sqlite", args.sqlite]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_tables(results, {s: t for s, t in seeded.items() if t})


if __name__ == "__main__":
    main()
