"""Writes of the 积分超市: shops, goods (a price change is audited), stock-in, redemption and its return.

A redemption is one `core.ledger.post_many` of two lines — the household's points account of the year
in the shop's scheme and the good's stock account — keyed by the request ("redeem:<request_key>"), so a
retried request (a double click, a resent form) returns the first redemption and spends nothing twice.
Both accounts are locked (in id order, as the ledger does) before anything is checked, so concurrent
redemptions queue: neither points nor stock can go below zero, and a refusal says which one is short.
"""

import re
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from zhenxing.core import audit, audit_labels, ledger
from zhenxing.core.feedback import whole_number
from zhenxing.core.models import LedgerAccount
from zhenxing.core.numbering import save_with_code
from zhenxing.orgs import access, names
from zhenxing.orgs.models import OrgUnit
from zhenxing.people import selectors as people_selectors
from zhenxing.people.models import Household
from zhenxing.points import accounts
from zhenxing.points.publish.selectors import year_closed
from zhenxing.points.rules.models import Scheme
from zhenxing.points.shop.models import STOCK_BOOK, Goods, Redemption, Shop, StockIn

audit_labels.declare({
    "points.shop.open": "开设积分超市",
    "points.goods.add": "上架商品",
    "points.goods.edit": "修改商品",
    "points.goods.stock_in": "商品入库",
    "points.redeem": "积分兑换",
    "points.redeem.cancel": "兑换退货",
}, keys={"scheme": "积分方案", "shop": "积分超市", "goods": "商品", "received_on": "入库日期"})

MAX_QUANTITY = 10_000  # one delivery or one redemption; a typo of extra zeros is refused
MAX_PRICE = 100_000
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,46}$")  # fits the ledger's ref: points.redemption:<key>


def checked_text(value, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: f"请填写{label}"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label}不能超过 {max_length} 个字"})
    return text


def checked_whole(value, field: str, label: str, low: int, high: int) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError({field: f"请填写{label}"})
    number = whole_number(text, max_digits=9)
    if number is None:
        raise ValidationError({field: f"{label}应为正整数"})
    if not low <= number <= high:
        raise ValidationError({field: f"{label}应在 {low}–{high} 之间"})
    return number


def own_household(actor) -> Household | None:
    return people_selectors.own_household(actor=actor, via=(access.REDEEM_POINTS,))


def keeps(actor, shop: Shop) -> bool:
    return actor.can(access.KEEP_SHOP, shop.path)


# --- shops and goods ----------------------------------------------------------------------------------------

@transaction.atomic
def open_shop(*, actor, village: OrgUnit, name: str, scheme: Scheme, keeper_notes: str = "") -> Shop:
    access.require(actor, access.KEEP_SHOP, village.path)
    if village.level != "village":
        raise ValidationError({"village": "积分超市设在村（社区）"})
    name = checked_text(name, "name", "超市名称", 100)
    if scheme is None or not scheme.spendable or not scheme.active:
        raise ValidationError({"scheme": "请选择可在积分超市兑换的积分方案"})
    if not village.path.startswith(scheme.path):
        raise ValidationError({"scheme": f"积分方案“{scheme.name}”不适用于{village.name}"})
    try:
        with transaction.atomic():
            shop = Shop.objects.create(village=village, path=village.path, name=name, scheme=scheme,
                                       keeper_notes=(keeper_notes or "").strip())
    except IntegrityError:
        raise ValidationError({"name": f"{village.name}已有名为“{name}”的积分超市"}) from None
    audit.record(actor=actor.user, action="points.shop.open", obj=shop,
                 changes={"name": name, "village": village.code, "scheme": scheme.code})
    return shop


def _goods_fields(name, unit, price) -> dict:
    fields = {"name": checked_text(name, "name", "商品名称", 100)}
    if unit not in dict(Goods.UNITS):
        raise ValidationError({"unit": "请选择计量单位"})
    fields["unit"] = unit
    fields["price"] = checked_whole(price, "price", "兑换积分", 1, MAX_PRICE)
    return fields


@transaction.atomic
def add_goods(*, actor, shop: Shop, name: str, unit: str, price) -> Goods:
    access.require(actor, access.KEEP_SHOP, shop.path)
    fields = _goods_fields(name, unit, price)
    if shop.goods.filter(name=fields["name"]).exists():
        raise ValidationError({"name": f"本超市已有商品“{fields['name']}”"})
    goods = Goods(shop=shop, path=shop.path, **fields)
    # The stock account is opened before the good has an id: open it under a provisional holder, then
    # rename it to "goods:<id>" (an account of a brand-new holder has no entries yet).
    stock = LedgerAccount.objects.create(book=STOCK_BOOK, holder=f"new:{uuid.uuid4().hex}",
                                         scope_path=shop.path, floor=0)
    goods.stock_account = stock
    goods.save()
    stock.holder = f"goods:{goods.pk}"
    stock.save(update_fields=["holder"])
    audit.record(actor=actor.user, action="points.goods.add", obj=goods,
                 changes={"shop": shop.pk, **fields})
    return goods


@transaction.atomic
def edit_goods(*, actor, goods: Goods, name: str, unit: str, price, active: bool) -> Goods:
    access.require(actor, access.KEEP_SHOP, goods.path)
    goods = Goods.objects.select_for_update().get(pk=goods.pk)
    fields = _goods_fields(name, unit, price)
    if goods.shop.goods.filter(name=fields["name"]).exclude(pk=goods.pk).exists():
        raise ValidationError({"name": f"本超市已有商品“{fields['name']}”"})
    fields["active"] = bool(active)
    before = {k: getattr(goods, k) for k in fields}
    changes = audit.diff(before, fields)
    if not changes:
        return goods
    for k, v in fields.items():
        setattr(goods, k, v)
    goods.save(update_fields=list(fields))
    audit.record(actor=actor.user, action="points.goods.edit", obj=goods, changes=changes)
    return goods


@transaction.atomic
def stock_in(*, actor, goods: Goods, quantity, source: str, note: str = "",
             received_on: date | None = None) -> StockIn:
    access.require(actor, access.KEEP_SHOP, goods.path)
    quantity = checked_whole(quantity, "quantity", "入库数量", 1, MAX_QUANTITY)
    source = checked_text(source, "source", "来源", 100)
    note = checked_text(note, "note", "备注", 200, required=False)
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise ValidationError({"received_on": "入库日期不能晚于今天"})
    who = names.name(actor.user, "") if getattr(actor.user, "is_authenticated", False) else ""
    entry = ledger.post(account=goods.stock_account, amount=quantity, kind="stock_in", actor=actor.user,
                        memo=f"来源：{source}；经办：{who}", ref=f"points.goods:{goods.pk}",
                        occurred_on=received_on)
    row = StockIn.objects.create(shop=goods.shop, goods=goods, path=goods.path, quantity=quantity,
                                 source=source, note=note, entry=entry, received_on=received_on,
                                 received_by=actor.user)
    audit.record(actor=actor.user, action="points.goods.stock_in", obj=goods,
                 changes={"quantity": quantity, "source": source, "received_on": received_on})
    return row


# --- redemption ---------------------------------------------------------------------------------------------

def _may_redeem(actor, shop: Shop, household: Household) -> None:
    """The keeper, for any household of the shop's village; a villager, for their own household only."""
    if not household.path.startswith(shop.path):
        raise ValidationError({"household": f"户 {household.number} 不属于{shop.village.name}"})
    if keeps(actor, shop):
        return
    if actor.can(access.REDEEM_POINTS):
        own = own_household(actor)
        if own is not None and own.pk == household.pk:
            return
    raise Http404


def _done(request_key: str, household: Household, goods: Goods) -> Redemption | None:
    """The redemption this request made already; a key sent again for another household or good is refused."""
    done = Redemption.objects.filter(request_key=request_key).first()
    if done is not None and (done.household_id, done.goods_id) != (household.pk, goods.pk):
        raise ValidationError({"request_key": "兑换请求无效，请刷新页面后重试"})
    return done


@transaction.atomic
def redeem(*, actor, shop: Shop, goods: Goods, household: Household, quantity,
           request_key: str) -> Redemption:
    """Spend the household's points on `quantity` of `goods`; the same `request_key` redeems once."""
    _may_redeem(actor, shop, household)
    if not KEY_PATTERN.match(request_key or ""):
        raise ValidationError({"request_key": "兑换请求无效，请刷新页面后重试"})
    done = _done(request_key, household, goods)
    if done is not None:
        return done
    # The price and the shelf as they are now, not as the page showed them: a price change waits for us.
    goods = Goods.objects.select_for_update().get(pk=goods.pk)
    if goods.shop_id != shop.pk:
        raise ValidationError({"goods": "该商品不属于本超市"})
    if not shop.active:
        raise ValidationError({"shop": f"{shop.name}已停业"})
    if not goods.active:
        raise ValidationError({"goods": f"“{goods.name}”已下架"})
    quantity = checked_whole(quantity, "quantity", "兑换数量", 1, MAX_QUANTITY)
    cost = goods.price * quantity
    year = timezone.localdate().year
    points_account = accounts.account(shop.scheme, household, year)
    ids = sorted({points_account.pk, goods.stock_account_id})
    locked = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    done = _done(request_key, household, goods)
    if done is not None:  # a concurrent retry finished while this one waited for the locks
        return done
    have = locked[points_account.pk].balance
    floor = max(points_account.floor or 0, 0)  # points are spent only from what the household holds
    if have - cost < floor:
        raise ledger.BelowFloor(
            {"quantity": f"积分不足：户 {household.number} 现有 {year} 年积分 {have} 分，"
                         f"兑换 {quantity}{goods.unit}“{goods.name}”需要 {cost} 分"})
    stock = locked[goods.stock_account_id].balance
    if stock < quantity:
        raise ledger.BelowFloor(
            {"quantity": f"库存不足：“{goods.name}”现有库存 {stock}{goods.unit}，"
                         f"需要 {quantity}{goods.unit}"})
    ref = f"points.redemption:{request_key}"
    memo = f"{shop.name} 兑换 {goods.name} ×{quantity}"
    points_entry, stock_entry = ledger.post_many(
        [ledger.Line(points_account.pk, -cost, "redeem", "", memo, ref),
         ledger.Line(goods.stock_account_id, -quantity, "redeem", "", memo, ref)],
        actor=actor.user, key=f"redeem:{request_key}", insufficient="积分或库存不足",
    )
    redemption = Redemption(shop=shop, goods=goods, household=household, path=shop.path, quantity=quantity,
                            points=cost, points_entry=points_entry, stock_entry=stock_entry,
                            request_key=request_key,
                            redeemed_by=actor.user if actor.user.is_authenticated else None)
    save_with_code(redemption, "DH", year)
    audit.record(actor=actor.user, action="points.redeem", obj=redemption,
                 changes={"household": household.number, "goods": goods.name, "quantity": quantity,
                          "points": cost})
    return redemption


@transaction.atomic
def cancel_redemption(*, actor, redemption: Redemption, reason: str) -> Redemption:
    """Goods returned: both entries reversed (points back to the household, goods back to stock)."""
    access.require(actor, access.KEEP_SHOP, redemption.path)
    reason = checked_text(reason, "reason", "退货原因", 200)
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if redemption.cancelled_at is not None:
        raise ValidationError({"redemption": f"兑换单 {redemption.code} 已退货"})
    year = redemption.points_entry.occurred_on.year
    if year_closed(scheme=redemption.shop.scheme, year=year, path=redemption.household.path):
        raise ValidationError({"redemption": f"{year}年度积分已结算，兑换单 {redemption.code} 不能再退货"})
    memo = f"退货 {redemption.code}：{reason}"
    ledger.reverse(entry=redemption.points_entry, actor=actor.user, memo=memo)
    ledger.reverse(entry=redemption.stock_entry, actor=actor.user, memo=memo)
    redemption.cancelled_at = timezone.now()
    redemption.cancelled_by = actor.user
    redemption.cancel_reason = reason
    redemption.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(actor=actor.user, action="points.redeem.cancel", obj=redemption,
                 changes={"reason": reason, "points": redemption.points, "quantity": redemption.quantity})
    return redemption
