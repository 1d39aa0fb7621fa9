"""The demo district's 积分超市: a shop in each development village since spring 2021, 8–15 goods each,
every year's stock-ins and redemptions by the village's households, all on the ledger as the services
would post them.

Points come from the households' accounts of each year in the spendable household scheme: the households
that earned points that year (the 积分申报 demo, loaded before this one) redeem in its last two months (in
the current year: the two months up to today). Only where no household holds points yet (this module
loaded alone) is a household given an "opening" entry here, its memo saying so, so that the shop has
something to redeem. Deterministic for a seed (on a given day).
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.numbering import next_code
from zhenxing.demo import history, tables
from zhenxing.demo.tables import Table
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household
from zhenxing.points import accounts
from zhenxing.points.rules.models import Scheme
from zhenxing.points.shop.models import STOCK_BOOK, Goods, Redemption, Shop, StockIn

CATALOGUE = [  # (name, unit, price in points)
    ("洗衣粉", "袋", 10), ("洗洁精", "瓶", 8), ("食用油", "桶", 60), ("大米", "袋", 50), ("面粉", "袋", 40),
    ("酱油", "瓶", 8), ("食醋", "瓶", 6), ("食盐", "袋", 3), ("白糖", "袋", 10), ("肥皂", "块", 4),
    ("牙膏", "支", 10), ("毛巾", "条", 12), ("卫生纸", "包", 15), ("洗发水", "瓶", 25), ("暖壶", "个", 45),
    ("保温杯", "个", 35), ("雨伞", "个", 30), ("电饭锅", "个", 150), ("拖把", "个", 20),
    ("垃圾桶", "个", 18), ("手套", "双", 5), ("作业本", "包", 6), ("挂面", "袋", 8),
    ("鸡蛋", "盒", 20),
]
SOURCES = ["街道供销社", "爱心企业捐赠", "村集体采购", "帮扶单位捐赠", "乡贤捐赠"]
OPENED = date(2021, 3, 1)  # the shops opened in the spring of 2021
DEMO_MEMO = "演示：积分超市期初积分（积分申报演示未加载时补足）"


def _scheme(county: OrgUnit) -> Scheme:
    found = (Scheme.objects.filter(org_unit=county, subject="household", spendable=True, active=True)
             .order_by("pk").first())
    if found is not None:
        return found
    return Scheme.objects.create(code="qise", name="七色积分", subject="household", org_unit=county,
                                 path=county.path, floor=0, year_end="carry", spendable=True)


def load(*, seed: int, county: OrgUnit) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:points-shop")
    today = timezone.localdate()
    scheme = _scheme(county)
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village",
                                           development_village=True).order_by("code"))
    opened = {v.pk: history.day(rng, OPENED.year, today, OPENED) for v in villages}
    shops = Shop.objects.bulk_create([
        Shop(village=v, path=v.path, name=f"{v.name}积分超市", scheme=scheme, synthetic=True,
             created_at=history.local(opened[v.pk], 9),
             keeper_notes="开放时间：每周二、周五 9:00–11:30；由村“两委”干部轮值管理")
        for v in villages
    ])
    # Goods and their stock accounts (opened under a provisional holder, renamed once the good has its id).
    plan = [(shop, rng.sample(CATALOGUE, rng.randint(8, 15))) for shop in shops]
    stock_accounts = LedgerAccount.objects.bulk_create([
        LedgerAccount(book=STOCK_BOOK, holder=f"demo:{shop.pk}:{n}", scope_path=shop.path, floor=0)
        for shop, items in plan for n in range(len(items))
    ])
    accounts_iter = iter(stock_accounts)
    goods = Goods.objects.bulk_create([
        Goods(shop=shop, path=shop.path, name=name, unit=unit, price=price, stock_account=next(accounts_iter))
        for shop, items in plan for name, unit, price in items
    ])
    for g in goods:
        g.stock_account.holder = f"goods:{g.pk}"
    tables.update(LedgerAccount, "holder", {g.stock_account.pk: g.stock_account.holder for g in goods})
    goods_of: dict[int, list[Goods]] = {}
    for g in goods:
        goods_of.setdefault(g.shop_id, []).append(g)
    households = {}
    for h in Household.objects.filter(village__in=villages).order_by("number").only("pk", "number", "path",
                                                                                      "village_id"):
        households.setdefault(h.village_id, []).append(h)
    out = _Written()
    touched = {a.pk: a for a in stock_accounts}
    for year in history.years(today):
        touched.update(_year(rng, seed, year, today, scheme, shops, opened, goods_of, households, out))
    stock_ins, redemptions = out.write()
    tables.update(LedgerAccount, "balance", {pk: a.balance for pk, a in touched.items()})
    return {"points_shops": len(shops), "shop_goods": len(goods), "shop_stock_ins": stock_ins,
            "shop_redemptions": redemptions, "shop_points_redeemed": out.points,
            "shop_demo_openings": out.openings}


class _Written:
    """The rows of every year, written at the end, and what the counts report."""

    def __init__(self):
        self.entries, self.stock_ins, self.redemptions = Table(LedgerEntry), Table(StockIn), Table(Redemption)
        self.points = self.openings = self.redeemed = 0

    def write(self) -> tuple[int, int]:
        """Writes the rows; returns (stock-ins, redemptions)."""
        self.entries.write()
        return self.stock_ins.write(), self.redemptions.write()


def _year(rng, seed, year, today, scheme, shops, opened, goods_of, households, out) -> dict:
    """One year's deliveries and redemptions; returns the points accounts it moved, by id."""
    start = date(year, 1, 1)
    last = min(date(year, 12, 31), today - timedelta(days=1))
    # Redemptions in the last two months, after most of the year's points were earned; deliveries before.
    spend_from = max(start, last - timedelta(days=60))
    book = accounts.book(scheme, year)
    earned = {a.holder for a in LedgerAccount.objects.filter(book=book, balance__gt=0).only("holder")}
    events = []  # (day, order, kind, payload)
    for shop in shops:
        first = max(start, opened[shop.village_id])
        if first > spend_from:
            continue
        for g in goods_of[shop.pk]:
            for _ in range(rng.randint(1, 2) if year == OPENED.year else 1):
                day = first + timedelta(days=rng.randint(0, max((spend_from - first).days, 1)))
                events.append((day, 0, "in", (shop, g, rng.randint(10, 40), rng.choice(SOURCES))))
        homes = households.get(shop.village_id, [])
        if earned:
            homes = [h for h in homes if accounts.holder_key(h) in earned] or homes[:1]
        chosen = homes[:1] + rng.sample(homes[1:], min(len(homes) - 1, rng.randint(8, 20))) if homes else []
        for h in chosen:
            for _ in range(rng.randint(1, 3)):
                day = spend_from + timedelta(days=rng.randint(0, max((last - spend_from).days, 0)))
                item, quantity = rng.choice(goods_of[shop.pk]), rng.choice((1, 1, 1, 2))
                events.append((day, 1, "out", (shop, h, item, quantity)))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    # Points accounts of the year for the households that redeem; a demo opening where they hold nothing.
    wanted = {accounts.holder_key(p[1]): p[1] for _, _, kind, p in events if kind == "out"}
    existing = {a.holder: a for a in LedgerAccount.objects.filter(book=book, holder__in=list(wanted))}
    new = [LedgerAccount(book=book, holder=k, scope_path=h.path, floor=scheme.floor)
           for k, h in sorted(wanted.items()) if k not in existing]
    for a in LedgerAccount.objects.bulk_create(new):
        existing[a.holder] = a
    at_start = history.local(start, 9)
    for key in sorted(wanted):
        account = existing[key]
        if account.balance <= 0:
            amount = rng.randint(6, 30) * 10
            account.balance += amount
            out.openings += 1
            out.entries.add(account_id=account.pk, amount=amount, balance_after=account.balance,
                            kind="opening", memo=DEMO_MEMO, occurred_on=start, created_at=at_start)

    code_base = next_code(Redemption, "DH", year)
    number = int(code_base.rsplit("-", 1)[1])
    for day, _, kind, payload in events:
        if kind == "in":
            shop, g, quantity, source = payload
            account = g.stock_account
            account.balance += quantity
            at = history.local(day, 10)
            entry = out.entries.add(account_id=account.pk, amount=quantity, balance_after=account.balance,
                                    kind="stock_in", memo=f"来源：{source}；经办：演示",
                                    ref=f"points.goods:{g.pk}", occurred_on=day, created_at=at)
            out.stock_ins.add(shop_id=shop.pk, goods_id=g.pk, path=shop.path, quantity=quantity,
                              source=source, entry_id=entry, received_on=day, created_at=at, synthetic=True)
            continue
        shop, h, g, quantity = payload
        points, stock = existing[accounts.holder_key(h)], g.stock_account
        cost = g.price * quantity
        if points.balance - cost < max(points.floor or 0, 0) or stock.balance < quantity:
            continue  # the household could not afford it that day, or the shelf was empty
        request_key = f"demo-{seed}-{shop.pk}-{out.redeemed:06d}"
        memo = f"{shop.name} 兑换 {g.name} ×{quantity}"
        points.balance -= cost
        stock.balance -= quantity
        at = history.local(day, 9 + rng.randint(0, 7)) + timedelta(minutes=rng.randint(0, 59))
        lines = [out.entries.add(account_id=account.pk, amount=amount, balance_after=account.balance,
                                 kind="redeem", memo=memo, ref=f"points.redemption:{request_key}",
                                 occurred_on=day, key=f"redeem:{request_key}#{n}", created_at=at)
                 for n, (account, amount) in enumerate(((points, -cost), (stock, -quantity)))]
        out.redemptions.add(code=f"DH-{year}-{number:06d}", shop_id=shop.pk, goods_id=g.pk,
                            household_id=h.pk, path=shop.path, quantity=quantity, points=cost,
                            request_key=request_key, at=at, points_entry_id=lines[0], stock_entry_id=lines[1],
                            synthetic=True)
        number += 1
        out.redeemed += 1
        out.points += cost
    return {a.pk: a for a in existing.values()}
