"""The demo district's 积分超市: a shop in each development village, 8–15 goods each, a year of stock-ins
and of redemptions by the village's households, all on the ledger as the services would post them.

Points come from the households' accounts of the year in the spendable household scheme: the households
that earned points (the 积分申报 demo, loaded before this one) redeem in the last two months. Only where no
household holds points yet (this module loaded alone) is a household given an "opening" entry here, its
memo saying so, so that the shop has something to redeem. Deterministic for a seed.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.numbering import next_code
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
    year = today.year
    start = date(year, 1, 1)
    scheme = _scheme(county)
    villages = list(OrgUnit.objects.filter(path__startswith=county.path, level="village",
                                           development_village=True).order_by("code"))
    shops = Shop.objects.bulk_create([
        Shop(village=v, path=v.path, name=f"{v.name}积分超市", scheme=scheme, synthetic=True,
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
    LedgerAccount.objects.bulk_update([g.stock_account for g in goods], ["holder"], batch_size=2000)
    goods_of: dict[int, list[Goods]] = {}
    for g in goods:
        goods_of.setdefault(g.shop_id, []).append(g)

    # Events of the year in date order: deliveries into each shop, redemptions by its households.
    households = {}
    for h in Household.objects.filter(village__in=villages).order_by("number").only("pk", "number", "path",
                                                                                      "village_id"):
        households.setdefault(h.village_id, []).append(h)
    # Households spend what they earned (the 积分申报 demo, loaded before): those holding points this year.
    book = accounts.book(scheme, year)
    earned = {a.holder for a in LedgerAccount.objects.filter(book=book, balance__gt=0).only("holder")}
    # Redemptions in the last two months, after most of the year's points were earned; deliveries before.
    spend_from = max(start, today - timedelta(days=60))
    events = []  # (day, order, kind, payload)
    for shop in shops:
        for g in goods_of[shop.pk]:
            for _ in range(rng.randint(1, 3)):
                day = start + timedelta(days=rng.randint(0, max((spend_from - start).days, 1)))
                events.append((day, 0, "in", (shop, g, rng.randint(20, 80), rng.choice(SOURCES))))
        homes = households.get(shop.village_id, [])
        if earned:
            homes = [h for h in homes if accounts.holder_key(h) in earned] or homes[:1]
        chosen = homes[:1] + rng.sample(homes[1:], min(len(homes) - 1, rng.randint(8, 20))) if homes else []
        for h in chosen:
            for _ in range(rng.randint(1, 3)):
                day = spend_from + timedelta(days=rng.randint(0, max((today - spend_from).days - 1, 0)))
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
    entries: list[LedgerEntry] = []
    openings = 0
    for key in sorted(wanted):
        account = existing[key]
        if account.balance <= 0:
            amount = rng.randint(6, 30) * 10
            account.balance += amount
            openings += 1
            entries.append(LedgerEntry(account=account, amount=amount, balance_after=account.balance,
                                       kind="opening", memo=DEMO_MEMO, occurred_on=start))

    stock_ins, redemptions, pending = [], [], []
    code_base = next_code(Redemption, "DH", year)
    first_number = int(code_base.rsplit("-", 1)[1])
    for day, _, kind, payload in events:
        if kind == "in":
            shop, g, quantity, source = payload
            account = g.stock_account
            account.balance += quantity
            entry = LedgerEntry(account=account, amount=quantity, balance_after=account.balance,
                                kind="stock_in", memo=f"来源：{source}；经办：演示",
                                ref=f"points.goods:{g.pk}", occurred_on=day)
            entries.append(entry)
            stock_ins.append((StockIn(shop=shop, goods=g, path=shop.path, quantity=quantity, source=source,
                                      received_on=day, synthetic=True), entry))
            continue
        shop, h, g, quantity = payload
        points, stock = existing[accounts.holder_key(h)], g.stock_account
        cost = g.price * quantity
        if points.balance - cost < max(points.floor or 0, 0) or stock.balance < quantity:
            continue  # the household could not afford it that day, or the shelf was empty
        request_key = f"demo-{seed}-{shop.pk}-{len(redemptions):06d}"
        memo = f"{shop.name} 兑换 {g.name} ×{quantity}"
        points.balance -= cost
        stock.balance -= quantity
        lines = []
        for n, (account, amount) in enumerate(((points, -cost), (stock, -quantity))):
            lines.append(LedgerEntry(account=account, amount=amount, balance_after=account.balance,
                                     kind="redeem", memo=memo, ref=f"points.redemption:{request_key}",
                                     occurred_on=day, key=f"redeem:{request_key}#{n}"))
        entries += lines
        at = timezone.make_aware(datetime.combine(day, time(9 + rng.randint(0, 7), rng.randint(0, 59))))
        redemptions.append(Redemption(
            code=f"DH-{year}-{first_number + len(redemptions):06d}", shop=shop, goods=g, household=h,
            path=shop.path, quantity=quantity, points=cost, request_key=request_key, at=at, synthetic=True))
        pending.append(lines)
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    for row, entry in stock_ins:
        row.entry = entry
    StockIn.objects.bulk_create([row for row, _ in stock_ins], batch_size=2000)
    for r, (points_entry, stock_entry) in zip(redemptions, pending, strict=True):
        r.points_entry, r.stock_entry = points_entry, stock_entry
    Redemption.objects.bulk_create(redemptions, batch_size=2000)
    touched = {a.pk: a for a in [*existing.values(), *stock_accounts]}
    LedgerAccount.objects.bulk_update(list(touched.values()), ["balance"], batch_size=2000)
    return {"points_shops": len(shops), "shop_goods": len(goods), "shop_stock_ins": len(stock_ins),
            "shop_redemptions": len(redemptions), "shop_points_redeemed": sum(r.points for r in redemptions),
            "shop_demo_openings": openings}
