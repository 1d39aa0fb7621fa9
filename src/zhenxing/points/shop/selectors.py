"""Reads of the 积分超市, limited to the actor: staff see the shops of their subtree (VIEW_PEOPLE, or
KEEP_SHOP for the keeper), a villager the shops of their own household's village. Out of scope: 404."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from zhenxing.core.feedback import whole_number
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people.models import Household
from zhenxing.people.selectors import under_unit
from zhenxing.points import accounts
from zhenxing.points.shop.models import Goods, Redemption, Shop, StockIn
from zhenxing.points.shop.services import own_household

STAFF = (access.VIEW_PEOPLE, access.KEEP_SHOP)


def _scope(actor: Actor, field: str = "path") -> Q | None:
    """Where the actor may look, as one Q; None when nowhere."""
    parts = [under(p, field) for cap in STAFF for p in actor.paths(cap)]
    if actor.can(access.REDEEM_POINTS):
        home = own_household(actor)
        if home is not None:
            parts.append(Q(**{field: home.village.path}))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def is_staff(actor: Actor, shop: Shop) -> bool:
    return any(actor.can(cap, shop.path) for cap in STAFF)


@dataclass
class ShopFilter:
    q: str = ""
    village: str = ""


def shops(*, actor: Actor, filters: ShopFilter | None = None) -> QuerySet[Shop]:
    scope = _scope(actor)
    if scope is None:
        raise Http404  # no points shop is there for this role
    qs = Shop.objects.filter(scope).select_related("village", "scheme")
    f = filters or ShopFilter()
    if f.q:
        qs = qs.filter(name__contains=f.q.strip())
    if f.village:
        qs = under_unit(qs, f.village)
    return qs.order_by("path", "name")


def shop(*, actor: Actor, pk: int) -> Shop:
    return access.first_or_404(shops(actor=actor), pk=pk)


def goods(*, actor: Actor, pk: int) -> Goods:
    scope = _scope(actor)
    found = scope is not None and Goods.objects.filter(scope, pk=pk).select_related(
        "shop", "shop__village", "stock_account").first()
    if not found:
        raise Http404
    return found


def redemption(*, actor: Actor, pk: int) -> Redemption:
    scope = _scope(actor)
    found = scope is not None and Redemption.objects.filter(scope, pk=pk).select_related("shop").first()
    if not found:
        raise Http404
    return found


def _staff_scope(actor: Actor) -> Q | None:
    parts = [under(p) for cap in STAFF for p in actor.paths(cap)]
    q = None
    for part in parts:
        q = part if q is None else q | part
    return q


def _in_shop(qs, shop: str):
    """The `shop` filter of the registers: a shop id, anything else selects nothing."""
    number = whole_number(shop)
    return qs.filter(shop_id=number) if number is not None else qs.none()


@dataclass
class GoodsFilter:
    shop: str = ""
    q: str = ""
    active: str = ""


def goods_rows(*, actor: Actor, filters: GoodsFilter | None = None) -> QuerySet[Goods]:
    """Staff: the goods of the shops in their scope; a villager: what is on the shelf of their village's."""
    staff = _staff_scope(actor)
    parts = [staff] if staff is not None else []
    home = own_household(actor) if actor.can(access.REDEEM_POINTS) else None
    if home is not None:
        parts.append(Q(path=home.village.path, active=True, shop__active=True))
    if not parts:
        raise Http404
    q = parts[0] if len(parts) == 1 else parts[0] | parts[1]
    f = filters or GoodsFilter()
    qs = Goods.objects.filter(q).select_related("shop", "stock_account")
    if f.shop:
        qs = _in_shop(qs, f.shop)
    if f.q:
        qs = qs.filter(name__contains=f.q.strip())
    if f.active:
        qs = qs.filter(active=f.active == "yes")
    return qs.order_by("shop__path", "shop__name", "-active", "name", "pk")


@dataclass
class RecordFilter:
    shop: str = ""
    start: str = ""
    end: str = ""
    q: str = ""
    status: str = ""


def _period_of(f) -> "Period":
    return Period.parse({"start": f.start, "end": f.end})


def stock_in_rows(*, actor: Actor, filters: RecordFilter | None = None) -> QuerySet[StockIn]:
    """The stock-ins of the shops in the staff's scope (the shops' 入库报表 over all of them, every date
    unless `start`/`end` say)."""
    scope = _staff_scope(actor)
    if scope is None:
        raise Http404
    f = filters or RecordFilter()
    qs = StockIn.objects.filter(scope)
    if f.start or f.end:
        period = _period_of(f)
        qs = qs.filter(received_on__gte=period.start, received_on__lte=period.end)
    if f.shop:
        qs = _in_shop(qs, f.shop)
    if f.q:
        qs = qs.filter(Q(goods__name__contains=f.q.strip()) | Q(source__contains=f.q.strip()))
    return qs.select_related("shop", "goods", "received_by").order_by("-received_on", "-pk")


def stock_in(*, actor: Actor, pk: int) -> StockIn:
    scope = _staff_scope(actor)
    found = scope is not None and StockIn.objects.filter(scope, pk=pk).first()
    if not found:
        raise Http404
    return found


def redemption_rows(*, actor: Actor, filters: RecordFilter | None = None) -> QuerySet[Redemption]:
    """Staff: the redemptions of the shops in their scope; a villager: their own household's."""
    staff = _staff_scope(actor)
    parts = [staff] if staff is not None else []
    home = own_household(actor) if actor.can(access.REDEEM_POINTS) else None
    if home is not None:
        parts.append(Q(household=home))
    if not parts:
        raise Http404
    q = parts[0] if len(parts) == 1 else parts[0] | parts[1]
    f = filters or RecordFilter()
    qs = Redemption.objects.filter(q)
    if f.start or f.end:
        period = _period_of(f)
        qs = qs.filter(at__date__gte=period.start, at__date__lte=period.end)
    if f.shop:
        qs = _in_shop(qs, f.shop)
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(code__contains=text) | Q(household__number=text) | Q(goods__name__contains=text))
    if f.status:
        qs = qs.filter(cancelled_at__isnull=f.status == "done")
    return qs.select_related("shop", "goods", "household", "household__head", "redeemed_by") \
        .order_by("-at", "-pk")


def visible_redemption(*, actor: Actor, pk: int) -> Redemption:
    return access.first_or_404(redemption_rows(actor=actor), pk=pk)


def shop_goods(*, shop: Shop, active_only: bool = False) -> QuerySet[Goods]:
    qs = shop.goods.select_related("stock_account").order_by("-active", "name")
    return qs.filter(active=True) if active_only else qs


def points_balance(*, shop: Shop, household: Household, year: int | None = None) -> int:
    """The household's balance in the shop's scheme for the year (0 before its first entry)."""
    year = year or timezone.localdate().year
    account = LedgerAccount.objects.filter(book=accounts.book(shop.scheme, year),
                                           holder=accounts.holder_key(household)).first()
    return account.balance if account else 0


def household_in_village(*, shop: Shop, number: str) -> Household | None:
    number = (number or "").strip()
    if not number:
        return None
    return Household.objects.filter(under(shop.path), number=number).select_related("village").first()


@dataclass
class Period:
    start: date
    end: date

    @classmethod
    def parse(cls, query) -> "Period":
        """`start`/`end` from the query string (YYYY-MM-DD); by default the year so far."""
        today = timezone.localdate()
        start, end = date(today.year, 1, 1), today
        try:
            if query.get("start"):
                start = date.fromisoformat(query["start"])
            if query.get("end"):
                end = date.fromisoformat(query["end"])
        except ValueError:
            raise ValidationError({"start": "日期格式应为 YYYY-MM-DD"}) from None
        if end < start:
            raise ValidationError({"end": "结束日期不能早于开始日期"})
        return cls(start, end)


def stock_ins(*, shop: Shop, period: Period) -> QuerySet[StockIn]:
    return (StockIn.objects.filter(shop=shop, received_on__gte=period.start, received_on__lte=period.end)
            .select_related("goods", "received_by").order_by("-received_on", "-pk"))


def redemptions(*, shop: Shop, period: Period, household: Household | None = None) -> QuerySet[Redemption]:
    qs = Redemption.objects.filter(shop=shop, at__date__gte=period.start, at__date__lte=period.end)
    if household is not None:
        qs = qs.filter(household=household)
    return qs.select_related("goods", "household", "household__head", "redeemed_by").order_by("-at", "-pk")


def household_redemptions(*, shop: Shop, household: Household, limit: int = 20) -> list[Redemption]:
    return list(Redemption.objects.filter(shop=shop, household=household).select_related("goods")
                .order_by("-at", "-pk")[:limit])


@dataclass
class StockLine:
    goods: Goods
    opening: int
    stocked: int
    redeemed: int  # net of returns
    closing: int
    current: int


def stock_report(*, shop: Shop, period: Period) -> list[StockLine]:
    """Per good: stock at the start of the period, in and out during it, at its end, and now — one grouped
    query over the goods' ledger entries."""
    items = list(shop_goods(shop=shop))
    ids = [g.stock_account_id for g in items]
    rows = (LedgerEntry.objects.filter(account_id__in=ids, occurred_on__lte=period.end).values("account_id")
            .annotate(before=Sum("amount", filter=Q(occurred_on__lt=period.start)),
                      stocked=Sum("amount", filter=Q(occurred_on__gte=period.start, kind="stock_in")),
                      moved=Sum("amount", filter=Q(occurred_on__gte=period.start) & ~Q(kind="stock_in"))))
    by_account = {r["account_id"]: r for r in rows}
    lines = []
    for g in items:
        r = by_account.get(g.stock_account_id, {})
        opening, stocked, moved = r.get("before") or 0, r.get("stocked") or 0, r.get("moved") or 0
        closing = opening + stocked + moved
        lines.append(StockLine(g, opening, stocked, -moved, closing, g.stock_account.balance))
    return lines
