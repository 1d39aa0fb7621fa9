"""The dashboard above the village: read from snapshots against counted live, side by side (issue 14).

    /work/venv/bin/python bench/stats.py --scale 100 [--runs 7] [--live-runs 2]

Against `zx_bench_x<scale>` (bench/province.py). In one process and one run it times:

- the live dashboard (`stats.selectors.dashboard` with no snapshot: one grouped scan per indicator and
  period, the figure and its 同比/环比) at the province and at one county: the obvious way, and what every
  page did before snapshots;
- a refresh of one county's snapshot (the default periods: the trend's years, this year so far and the same
  days of last year, this quarter and month with theirs), and of the whole province;
- the dashboard read from the snapshot, as the selector and as the whole page (django.test.Client, the
  province's and a county's district admin), p50 and p95 over --runs;
and prints the table with the speed-up. Figures only: nothing is asserted.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--live-runs", type=int, default=2)
    args = parser.parse_args()
    db = common.db_name_for(args.scale, args.db)
    common.migrate(db)
    os.environ["ZHENXING_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"  # for the in-process Client
    os.environ["ZHENXING_REQUIRE_2FA"] = "0"  # else the admins' second-factor gate answers every page
    common.setup_django(db)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pages import ensure_users

    from zhenxing.core import periods
    from zhenxing.core.indicators import registry
    from zhenxing.orgs.access import actor_for
    from zhenxing.orgs.models import OrgUnit
    from zhenxing.stats import selectors, snapshots
    from zhenxing.stats.models import Snapshot, SnapshotRun

    places = ensure_users()
    top, county = places["top"], places["county"]
    year = periods.current("year")
    wanted = snapshots.default_periods()
    actors = {"province": (actor_for(places["users"]["top_admin"]), top),
              "county": (actor_for(places["users"]["county_admin"]), county)}
    rows = []

    def row(what, times, queries="", note=""):
        rows.append((what, len(times), common.median(times), common.p95(times), queries, note))
        print(f"  {what}: p50 {common.median(times):,.1f} ms, p95 {common.p95(times):,.1f} ms", flush=True)

    print(f"{db}: {len(wanted)} periods per refresh ({', '.join(p.key for p in wanted)})", flush=True)
    Snapshot.objects.all().delete()
    SnapshotRun.objects.all().delete()
    live = {}
    for name, (actor, unit) in actors.items():
        with CaptureQueriesContext(connection) as seen:
            times, _ = timed(lambda a=actor, u=unit: selectors.dashboard(actor=a, unit=u, period=year),
                             args.live_runs)
        live[name] = common.median(times)
        row(f"live dashboard, {name} (grouped scans, with 同比/环比)", times, len(seen) // args.live_runs)
        children = list(OrgUnit.objects.filter(parent=unit))
        indicators = registry.all(unit.level)
        with CaptureQueriesContext(connection) as seen:
            times, _ = timed(lambda u=unit, c=children, i=indicators: selectors._values(i, u, c, year),
                             args.live_runs)
        row(f"live figures of one period only, {name} (the bare grouped scans)", times,
            len(seen) // args.live_runs)

    times, written = timed(lambda: snapshots.refresh(root_path=county.path, periods_=wanted), 1)
    row("refresh one county", times, note=f"{written:,} rows")
    times, written = timed(lambda: snapshots.refresh(root_path=top.path, periods_=wanted), 1)
    row("refresh the province", times, note=f"{written:,} rows")

    for name, (actor, unit) in actors.items():
        with CaptureQueriesContext(connection) as seen:
            times, board = timed(lambda a=actor, u=unit: selectors.dashboard(actor=a, unit=u, period=year),
                                 args.runs)
        assert board.as_of is not None
        row(f"snapshot dashboard, {name} (selector)", times, len(seen) // args.runs,
            f"{live[name] / common.median(times):,.0f}x faster than live")
        client = Client()
        client.force_login(places["users"]["top_admin" if name == "province" else "county_admin"])
        url = f"/stats/{unit.code}/?period={year.key}"
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as seen:
            times, response = timed(lambda c=client, u=url: c.get(u), args.runs)
        assert response.status_code == 200
        row(f"snapshot dashboard, {name} (whole page)", times, len(seen) // args.runs,
            f"{live[name] / common.median(times):,.0f}x faster than live")

    print("\n| what | runs | p50 ms | p95 ms | queries | note |\n|---|---:|---:|---:|---:|---|")
    for what, n, p50, p95, queries, note in rows:
        print(f"| {what} | {n} | {p50:,.1f} | {p95:,.1f} | {queries} | {note} |")


if __name__ == "__main__":
    main()
