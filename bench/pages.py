"""Time the register and dashboard pages at each generated scale, and compare with the alternatives.

    /work/venv/bin/python bench/pages.py --scale 1 10 [--runs 7] [--budget 20] [--pages dashboard]

Each scale runs in its own process (Django settings are per process) against `zx_bench_x<scale>`,
made beforehand by bench/province.py. Pages are requested in-process with django.test.Client as
three users created here: a district admin at the top unit (the province), a district admin at
one county, and the secretary of one village. Each page gets one untimed warm-up request, then up
to --runs timed requests (fewer if --budget seconds run out, never fewer than two); the table
shows the median and p95 (nearest rank) of the wall time, the SQL queries per request, the
slowest query, and the response size. `--pages` keeps one group of pages (registers, dashboard,
drill) and the side-by-side comparisons of that group. Figures only: nothing is asserted.
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

GROUPS = ("registers", "dashboard", "drill")

USERS = {
    "top_admin": ("bench_top_admin", "district_admin"),
    "county_admin": ("bench_county_admin", "district_admin"),
    "village_sec": ("bench_village_secretary", "village_secretary"),
}


# ----------------------------------------------------------------------------- child process (one scale)

def ensure_users() -> dict:
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.models import OrgUnit, RoleAssignment

    top = OrgUnit.objects.get(code="210000000000")
    county = OrgUnit.objects.filter(level="county").order_by("code").first()
    street = OrgUnit.objects.filter(level="town", parent=county).order_by("code").first()
    village = OrgUnit.objects.filter(level="village", parent=street).order_by("code").first()
    places = {"top_admin": top, "county_admin": county, "village_sec": village}
    users = {}
    for key, (username, role) in USERS.items():
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()  # the bench signs in with force_login; no password to hash
            user.save()
            RoleAssignment.objects.create(user=user, role=role, org_unit=places[key])
        users[key] = user
    return {"users": users, "top": top, "county": county, "street": street, "village": village}


def group_of(label: str) -> str:
    """The --pages group a page label belongs to."""
    if label.startswith("dashboard"):
        return "dashboard"
    return "drill" if label.startswith("drill") else "registers"


def page_plan(ctx, groups=GROUPS) -> list[tuple[str, str, str]]:
    """(role, page label, url) for every measured request of the chosen groups."""
    from zhenxing.people.models import Household

    top, county, street, village = ctx["top"], ctx["county"], ctx["street"], ctx["village"]
    household = Household.objects.filter(village=village).order_by("id").first()
    surname = "王"
    plan = []
    for role, home, street_code in (("top_admin", top, street.code), ("county_admin", county, street.code),
                                    ("village_sec", village, None)):
        plan += [
            (role, "persons p1", "/people/persons/"),
            (role, "persons cpc", "/people/persons/?political_status=cpc"),
            (role, "persons 60-79", "/people/persons/?age_band=60-79"),
            (role, f"persons q={surname}", f"/people/persons/?q={surname}"),
            (role, "households p1", "/people/households/"),
            (role, "household detail", f"/people/households/{household.pk}/"),
            (role, f"dashboard {home.level}", f"/stats/{home.code}/"),
        ]
        if street_code:
            plan.append((role, "dashboard street", f"/stats/{street_code}/"))
        drill = f"/stats/{home.code}/indicator/people.households/"
        plan.append((role, f"drill households @{home.level}", drill))
    plan.append(("top_admin", "persons p1000 (OFFSET)", "/people/persons/?page=1000"))
    return [row for row in plan if group_of(row[1]) in groups]


def measure(fn, runs: int, budget: float) -> dict:
    """Warm up once, then time `fn` up to `runs` times within `budget` seconds (at least twice)."""
    from django.db import connection
    from django.db.utils import OperationalError
    from django.test.utils import CaptureQueriesContext

    times, queries, slowest, slowest_sql, size = [], 0, 0.0, "", 0
    started = time.perf_counter()
    for i in range(-1, runs):  # -1: the warm-up, timed but kept only if it used up the whole budget
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            try:
                result = fn()
            except OperationalError as exc:  # statement_timeout (--timeout): report it, go on
                connection.close()
                return {"n": 0, "median_ms": float("nan"), "p95_ms": float("nan"), "queries": 0,
                        "slowest_ms": float("nan"), "slowest_sql": f"TIMEOUT: {exc}"[:300], "bytes": 0}
            elapsed = time.perf_counter() - t
        if i == -1:
            if elapsed <= budget:
                started = time.perf_counter()
                continue
            times.append(elapsed)  # one request longer than the budget: it is the figure (cold cache)
        else:
            times.append(elapsed)
        queries = len(ctx.captured_queries)
        for q in ctx.captured_queries:
            if float(q["time"]) > slowest:
                slowest, slowest_sql = float(q["time"]), q["sql"]
        size = result if isinstance(result, int) else 0
        if len(times) >= 2 and time.perf_counter() - started > budget or i == -1:
            break
    return {"n": len(times), "median_ms": common.median(times) * 1000, "p95_ms": common.p95(times) * 1000,
            "queries": queries, "slowest_ms": slowest * 1000, "slowest_sql": slowest_sql[:300], "bytes": size}


def bench_pages(ctx, runs, budget, groups=GROUPS) -> list[dict]:
    from django.test import Client

    clients = {}
    for role, user in ctx["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    rows = []
    for role, label, url in page_plan(ctx, groups):
        client = clients[role]

        def get(url=url, client=client, role=role):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} as {role}: HTTP {response.status_code}")
            return len(response.content)

        rows.append({"role": role, "page": label, "url": url, **measure(get, runs, budget)})
        print(f"    {role:<13} {label:<28} {rows[-1]['median_ms']:9.1f} ms", file=sys.stderr, flush=True)
    return rows


def naive_children_table(actor, unit):
    """The obvious alternative: one COUNT per child per indicator."""
    from zhenxing.core.indicators import registry
    from zhenxing.orgs import selectors as org_selectors

    children = list(org_selectors.children(actor=actor, unit=unit))
    indicators = registry.all()
    return indicators, [(c, [(i, i.value(c.path)) for i in indicators]) for c in children]


def household_size_join(actor):
    """The household register as it was before commit 332d3bb: `annotate(size=Count("members"))`, a JOIN
    and GROUP BY over every household in scope before the LIMIT (kept here to compare with the code)."""
    from django.db.models import Count

    from zhenxing.orgs import access
    from zhenxing.people.models import Household

    qs = Household.objects.select_related("village", "grid", "head").annotate(size=Count("members"))
    return access.scoped(qs, actor, access.VIEW_PEOPLE).order_by("path", "number")


def prefix_like(qs, path: str):
    """The subtree filter as it was before commit 332d3bb: `path LIKE 'p%'` instead of the range."""
    return qs.filter(path__startswith=path)


def estimated_count(qs) -> int:
    """The planner's row estimate (what a '约 N 条' pager would show): EXPLAIN, no scan."""
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def bench_alternatives(ctx, runs, budget, groups=GROUPS) -> list[dict]:
    from zhenxing.orgs.access import actor_for

    rows = []

    def add(what, variant, fn, note=""):
        def call():
            fn()
            return 0

        rows.append({"what": what, "variant": variant, "note": note, **measure(call, runs, budget)})
        print(f"    {what:<34} {variant:<34} {rows[-1]['median_ms']:9.1f} ms", file=sys.stderr, flush=True)

    top_actor = actor_for(ctx["users"]["top_admin"])
    if "dashboard" in groups:
        bench_dashboard_alternatives(ctx, top_actor, add, rows)
    if "registers" in groups:
        bench_register_alternatives(top_actor, add, rows)
    if "drill" in groups:
        bench_drill_alternatives(ctx, add, rows)
    return rows


def bench_dashboard_alternatives(ctx, top_actor, add, rows) -> None:
    """The dashboard view's one pass (stats.selectors.dashboard, since d6e3880: the cards are the sums of
    the children table's groups) against the two passes it replaced (figures, then children_table), and
    the grouped children table against one COUNT per child per indicator."""
    from zhenxing.stats import selectors as stats

    def one_pass(unit):
        board = stats.dashboard(actor=top_actor, unit=unit, year=2024)
        return [f.value for f in board.figures], [(c.code, [v for _, v in cells]) for c, cells in board.rows]

    def two_passes(unit):
        cards = stats.figures(unit=unit, year=2024)
        _, table = stats.children_table(actor=top_actor, unit=unit)
        return [f.value for f in cards], [(c.code, [v for _, v in cells]) for c, cells in table]

    for unit in (ctx["top"], ctx["county"], ctx["street"]):
        n_children = unit.children.count()
        board = f"dashboard @{unit.level}"
        shown = {}  # each variant's figures, kept from its timed calls (seconds each at 100x)
        add(board, "code: dashboard(), 1 pass",
            lambda u=unit, s=shown: s.__setitem__("code", one_pass(u)), f"{n_children} children")
        add(board, "before: figures + children_table",
            lambda u=unit, s=shown: s.__setitem__("before", two_passes(u)))
        if len(shown) == 2:
            same = shown["code"] == shown["before"]
            rows[-1]["note"] = "same cards and table" if same else "DIFFERENT figures"
        label = f"children table @{unit.level}"
        add(label, "grouped (1 query/indicator)",
            lambda u=unit: stats.children_table(actor=top_actor, unit=u), f"{n_children} children")
        add(label, "naive (1 COUNT/child/indicator)", lambda u=unit: naive_children_table(top_actor, u),
            f"{n_children} children")
        add(f"figures (cards) @{unit.level}", "before: 1 COUNT/indicator",
            lambda u=unit: stats.figures(unit=u, year=2024))


def bench_register_alternatives(top_actor, add, rows) -> None:
    from zhenxing.people import selectors as people

    persons = people.persons(actor=top_actor)
    add("persons register @top", "COUNT(*) for the pager", lambda: persons.count(),
        f"{persons.count():,} rows")
    add("persons register @top", "page rows (LIMIT 50)", lambda: len(list(persons[:50])))
    add("persons register @top", "page rows + 1 (no COUNT pager)", lambda: len(list(persons[:51])))
    add("persons register @top", "planner estimate (EXPLAIN)", lambda: estimated_count(persons),
        f"estimate {estimated_count(persons):,}")
    cpc = people.persons(actor=top_actor, filters=people.PersonFilter(political_status="cpc"))
    add("persons ?political_status=cpc @top", "COUNT(*) for the pager", lambda: cpc.count(),
        f"{cpc.count():,} rows")

    # the shown rows of each variant are kept from the timed calls: the old one can take minutes
    shown = {}
    households = people.households(actor=top_actor)
    add("households register @top", "code: subquery size, LIMIT 50",
        lambda: shown.__setitem__("code", [(h.pk, h.size) for h in households[:50]]))
    add("households register @top", "code: COUNT(*) for the pager", lambda: households.count())
    before = household_size_join(top_actor)
    add("households register @top", "before: JOIN + GROUP BY, LIMIT 50",
        lambda: shown.__setitem__("before", [(h.pk, h.size) for h in before[:50]]))
    if "before" in shown:
        rows[-1]["note"] = "same rows and sizes" if shown["before"] == shown["code"] else "DIFFERENT rows"
    add("households register @top", "before: COUNT(*) for the pager", lambda: before.count())


def bench_drill_alternatives(ctx, add, rows) -> None:
    # The subtree filter on the rows of a drill-down: the code's range against the LIKE it replaced,
    # at the village (where LIKE went wrong at 100x) and at the province.
    from zhenxing.core.indicators import registry

    ind = registry.get("people.households")
    for unit in (ctx["village"], ctx["top"]):
        label = f"subtree filter @{unit.level} (drill rows)"
        ranged = ind.drill(unit.path)
        liked = prefix_like(ind.records(), unit.path)
        add(label, "code: path >= p AND path < p'  LIMIT 50", lambda q=ranged: len(list(q[:50])))
        add(label, "before: path LIKE 'p%'  LIMIT 50", lambda q=liked: len(list(q[:50])))
        add(label, "code: range COUNT(*)", lambda q=ranged: q.count(), f"{ranged.count():,} rows")
        add(label, "before: LIKE COUNT(*)", lambda q=liked: q.count())
        same = list(ranged[:50].values_list("pk", flat=True)) == list(liked[:50].values_list("pk", flat=True))
        rows[-1]["note"] = "same rows" if same else "DIFFERENT rows"


def child(scale: int, db: str, runs: int, budget: float, alternatives: bool, groups=GROUPS) -> None:
    os.environ["ZHENXING_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["ZHENXING_REQUIRE_2FA"] = "0"  # else the admins' second-factor gate answers every page
    common.setup_django(db)
    ctx = ensure_users()
    print(f"  规模 {scale}x（{db}）页面 …", file=sys.stderr, flush=True)
    result = {"scale": scale, "pages": bench_pages(ctx, runs, budget, groups), "alternatives": []}
    if alternatives:
        print(f"  规模 {scale}x 对比 …", file=sys.stderr, flush=True)
        result["alternatives"] = bench_alternatives(ctx, runs, budget, groups)
    print(json.dumps(result, ensure_ascii=False))


# ------------------------------------------------------------------------ parent: run scales, print tables

# Variants renamed since the first run (d3dc2d4), where the code still joined for the household size
# and the subquery was the alternative: old label -> the label of the same query now.
RENAMED = {
    ("households register @top", "code: JOIN + GROUP BY, LIMIT 50"): "before: JOIN + GROUP BY, LIMIT 50",
    ("households register @top", "code: COUNT(*) for the pager"): "before: COUNT(*) for the pager",
    ("households register @top", "alt: subquery size, LIMIT 50"): "code: subquery size, LIMIT 50",
    ("households register @top", "alt: COUNT(*) for the pager"): "code: COUNT(*) for the pager",
}
# ... and since d6e3880, where the dashboard view stopped calling figures and children_table
for _level in ("province", "county", "town"):
    RENAMED[(f"children table @{_level}", "grouped (code: 1 query/indicator)")] = \
        "grouped (1 query/indicator)"
    RENAMED[(f"figures (cards) @{_level}", "code: 1 COUNT/indicator")] = "before: 1 COUNT/indicator"


def load_before(files: list[str]) -> dict:
    """Medians of an earlier run (its --json files), keyed like the rows of this one."""
    before = {}
    for name in files or []:
        for r in json.loads(Path(name).read_text()):
            for p in r["pages"]:
                before[(r["scale"], "page", p["role"], p["page"])] = p
            for a in r["alternatives"]:
                variant = RENAMED.get((a["what"], a["variant"]), a["variant"])
                before[(r["scale"], "alt", a["what"], variant)] = a
    return before


def ms(row: dict | None) -> str:
    if row is None:
        return ""
    if not row["n"]:
        return "timeout"
    return f"{row['median_ms']:.1f}"


def ratio(old: dict | None, new: dict) -> str:
    if old is None or not new["n"]:
        return ""
    if not old["n"]:
        return "was timeout"
    return f"{old['median_ms'] / new['median_ms']:.1f}x" if new["median_ms"] else ""


def print_tables(results: list[dict], before: dict | None = None) -> None:
    before = before or {}
    cmp_head, cmp_rule = (" before ms | speed-up |", "---:|---:|") if before else ("", "")
    print("\n## Pages (wall time of the whole request through django.test.Client; warm cache)\n")
    print(f"| scale | role | page | n | median ms | p95 ms | queries | slowest query ms | KB |{cmp_head}")
    print(f"|---:|---|---|---:|---:|---:|---:|---:|---:|{cmp_rule}")
    for r in results:
        for p in r["pages"]:
            old = before.get((r["scale"], "page", p["role"], p["page"]))
            cmp = f" {ms(old)} | {ratio(old, p)} |" if before else ""
            print(f"| {r['scale']}x | {p['role']} | {p['page']} | {p['n']} | {ms(p)} | {p['p95_ms']:.1f} | "
                  f"{p['queries']} | {p['slowest_ms']:.1f} | {p['bytes'] / 1024:.0f} |{cmp}")
    if any(r["alternatives"] for r in results):
        print("\n## Side by side (as the top admin)\n")
        print(f"| scale | what | variant | n | median ms | p95 ms | queries | note |{cmp_head}")
        print(f"|---:|---|---|---:|---:|---:|---:|---|{cmp_rule}")
        for r in results:
            for a in r["alternatives"]:
                old = before.get((r["scale"], "alt", a["what"], a["variant"]))
                cmp = f" {ms(old)} | {ratio(old, a)} |" if before else ""
                print(f"| {r['scale']}x | {a['what']} | {a['variant']} | {a['n']} | {ms(a)} | "
                      f"{a['p95_ms']:.1f} | {a['queries']} | {a['note']} |{cmp}")
    print("\n## Slowest query per page (largest scale)\n")
    last = results[-1]
    for p in last["pages"]:
        if p["slowest_ms"] > 100 or not p["n"]:
            print(f"- {last['scale']}x {p['role']} {p['page']}: {p['slowest_ms']:.0f} ms — "
                  f"{p['slowest_sql']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="页面基准：人员/户籍台账、统计看板、指标下钻")
    parser.add_argument("--scale", type=int, nargs="+", required=True)
    parser.add_argument("--runs", type=int, default=7, help="每页最多计时次数")
    parser.add_argument("--budget", type=float, default=20.0, help="每页计时预算（秒），至少计时两次")
    parser.add_argument("--timeout", type=int, default=300, help="单条 SQL 超时（秒，statement_timeout）")
    parser.add_argument("--no-alternatives", action="store_true", help="不做对比测量")
    parser.add_argument("--pages", choices=("all", *GROUPS), default="all",
                        help="只测一组页面（台账 registers / 看板 dashboard / 下钻 drill）及该组的对比")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    parser.add_argument("--before", nargs="+", metavar="JSON",
                        help="早先一次运行的 --json 文件：表中加一列“之前”的中位数与加速比")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        # libpq reads PGOPTIONS: every connection Django opens carries the timeout
        os.environ["PGOPTIONS"] = f"-c statement_timeout={args.timeout * 1000}"
        scale = args.scale[0]
        groups = GROUPS if args.pages == "all" else (args.pages,)
        child(scale, common.db_name_for(scale), args.runs, args.budget, not args.no_alternatives, groups)
        return
    results = []
    for scale in args.scale:
        cmd = [sys.executable, __file__, "--child", "--scale", str(scale), "--runs", str(args.runs),
               "--budget", str(args.budget), "--timeout", str(args.timeout), "--pages", args.pages]
        if args.no_alternatives:
            cmd.append("--no-alternatives")
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_tables(results, load_before(args.before))


if __name__ == "__main__":
    main()
