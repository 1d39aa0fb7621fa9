"""Year-end close of household points at district scale: N households (50,000 by default) in 142
villages, each with a year's account holding an opening and an award entry; prints how long the close
takes (freeze + per-account openings), for carry and for reset. Asserts nothing.

Run it on an empty database of its own (it migrates it):
    ZHENXING_DATA_DIR=/tmp/zx_close_bench /work/venv/bin/python bench/points_year_close.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zx_bench_close \
        /work/venv/bin/python bench/points_year_close.py                                    # PostgreSQL
"""

import argparse
import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhenxing.core.models import LedgerAccount, LedgerEntry
    from zhenxing.orgs import access
    from zhenxing.people.models import Household
    from zhenxing.points.accounts import book
    from zhenxing.points.publish import services as services_publish
    from zhenxing.testing import factories

    if Household.objects.exists():
        sys.exit("请使用一个空库运行本基准")
    county = factories.unit("210113000000", "沈北新区")
    villages = []
    for s in range(1, 11):
        factories.unit(f"210113{s:03d}000", f"街道{s}")
        for v in range(1, 15 if s > 2 else 16):
            villages.append(factories.unit(f"210113{s:03d}{200 + v:03d}", f"街道{s}村{v}"))
    admin = access.actor_for(factories.user("district_admin", county))
    t0 = time.perf_counter()
    per_village = -(-args.households // len(villages))
    homes = [Household(number=f"{v.code}{i:05d}", village=v, path=v.path)
             for v in villages for i in range(per_village)][: args.households]
    Household.objects.bulk_create(homes, batch_size=5000)
    print(f"{len(homes)} households in {len(villages)} villages: {time.perf_counter() - t0:.1f} s")

    from zhenxing.points.publish import selectors as sel

    for year_end in ("carry", "reset"):
        scheme = factories.points_scheme(county, code=f"B{year_end[0].upper()}", year_end=year_end)
        t0 = time.perf_counter()
        accounts = LedgerAccount.objects.bulk_create(
            [LedgerAccount(book=book(scheme, 2024), holder=f"household:{h.pk}", scope_path=h.path, floor=0,
                           balance=60 + h.pk % 37) for h in homes], batch_size=5000)
        entries = []
        for a in accounts:
            entries.append(LedgerEntry(account=a, amount=60, balance_after=60, kind="opening",
                                       occurred_on=date(2024, 1, 1)))
            entries.append(LedgerEntry(account=a, amount=a.balance - 60, balance_after=a.balance,
                                       kind="award",
                                       category="red", occurred_on=date(2024, 6, 1)))
        LedgerEntry.objects.bulk_create(entries, batch_size=5000)
        print(f"[{year_end}] ledger data: {time.perf_counter() - t0:.1f} s")
        if year_end == "carry":
            unit = sel.rank_unit(actor=admin, code=villages[70].code)
            t0 = time.perf_counter()
            ranked = sel.ranking(actor=admin, scheme=scheme, unit=unit, period=sel.parse_period("2024"))
            first_page = sel.with_names(ranked[:20])
            count = ranked.count()
            print(f"[{year_end}] one village's ranking ({count} households), first page of "
                  f"{len(first_page)} and the count: {(time.perf_counter() - t0) * 1000:.0f} ms")
        t0 = time.perf_counter()
        close = services_publish.close_year(actor=admin, scheme=scheme, county=county, year=2024, top_n=10,
                                            batch=args.batch)
        total = time.perf_counter() - t0
        print(f"[{year_end}] close_year: {close.accounts} accounts, {total:.1f} s "
              f"({close.accounts / total:.0f} accounts/s), posted {close.carried} points")


if __name__ == "__main__":
    main()
