"""积分超市 pages: the shops in scope, a shop (goods, stock-in and redemption for the keeper; balance,
affordable goods and a redeem button for a villager), the stock-in, redemption and stock reports with
their Excel exports, and the goods and return forms."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import excel
from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.core.indicators import Column
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.registers import query_filter, register_page
from zhenxing.points.dates import parse_day
from zhenxing.points.rules import selectors as rules_selectors
from zhenxing.points.shop import selectors, services
from zhenxing.points.shop.models import Goods

SHOP_COLUMNS = (
    Column("名称", lambda s: s.name),
    Column("所在村", lambda s: s.village.name),
    Column("兑换积分方案", lambda s: s.scheme.name),
    Column("在售商品", lambda s: s.goods_count),
    Column("状态", lambda s: "营业中" if s.active else "停业"),
)
STOCK_IN_COLUMNS = (
    Column("入库日期", lambda r: r.received_on),
    Column("商品", lambda r: r.goods.name),
    Column("数量", lambda r: r.quantity),
    Column("单位", lambda r: r.goods.unit),
    Column("来源", lambda r: r.source),
    Column("备注", lambda r: r.note),
    Column("经办人", lambda r: r.received_by.get_username() if r.received_by else ""),
)
REDEMPTION_COLUMNS = (
    Column("兑换单号", lambda r: r.code),
    Column("兑换时间", lambda r: r.at),
    Column("户号", lambda r: r.household.number),
    Column("户主", lambda r: r.household.head.name if r.household.head else ""),
    Column("商品", lambda r: r.goods.name),
    Column("数量", lambda r: r.quantity),
    Column("消耗积分", lambda r: r.points),
    Column("经办人", lambda r: r.redeemed_by.get_username() if r.redeemed_by else ""),
    Column("状态", lambda r: r.status),
    Column("退货原因", lambda r: r.cancel_reason),
)
STOCK_COLUMNS = (
    Column("商品", lambda s: s.goods.name),
    Column("单位", lambda s: s.goods.unit),
    Column("兑换积分", lambda s: s.goods.price),
    Column("期初库存", lambda s: s.opening),
    Column("本期入库", lambda s: s.stocked),
    Column("本期兑出（扣除退货）", lambda s: s.redeemed),
    Column("期末库存", lambda s: s.closing),
    Column("当前库存", lambda s: s.current),
)


def _key() -> str:
    return secrets.token_urlsafe(16)


def _require_keeper(request, shop):
    if not services.keeps(request.actor, shop):
        raise Http404


def _require_staff(request, shop):
    if not selectors.is_staff(request.actor, shop):
        raise Http404


def shops(request):
    actor = request.actor
    f = query_filter(selectors.ShopFilter, request.GET)
    links = [(reverse("points:shop_new"), "开设积分超市")] if actor.can(access.KEEP_SHOP) else []
    queryset = selectors.shops(actor=actor, filters=f).annotate(goods_count=Count("goods"))
    return register_page(
        request, title="积分超市", queryset=queryset, columns=SHOP_COLUMNS,
        url_of=lambda s: reverse("points:shop", args=[s.pk]),
        filters=[("q", "名称", "text", None, f.q), ("village", "村", "village", None, f.village)],
        links=links,
    )


def shop_new(request):
    actor = request.actor
    access.require(actor, access.KEEP_SHOP)
    villages = list(org_selectors.villages(actor=actor, capability=access.KEEP_SHOP)[:300])
    schemes = list(rules_selectors.schemes(actor).filter(spendable=True))
    values = {k: request.POST.get(k, "") for k in ("village", "name", "scheme", "keeper_notes")}
    if request.method == "POST":
        village = next((v for v in villages if v.code == values["village"]), None)
        scheme = next((s for s in schemes if str(s.pk) == values["scheme"]), None)
        try:
            if village is None:
                raise ValidationError({"village": "请选择所在村"})
            if scheme is None:
                raise ValidationError({"scheme": "请选择兑换积分方案"})
            shop = services.open_shop(actor=actor, village=village, name=values["name"], scheme=scheme,
                                      keeper_notes=values["keeper_notes"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"{shop.name}已开设。")
            return redirect("points:shop", shop.pk)
    return render(request, "points/shop/shop_new.html",
                  {"values": values, "villages": villages, "schemes": schemes},
                  status=400 if request.method == "POST" else 200)


def shop(request, pk):
    actor = request.actor
    obj = selectors.shop(actor=actor, pk=pk)
    staff = selectors.is_staff(actor, obj)
    context = {"shop": obj, "staff": staff, "keeper": services.keeps(actor, obj), "units": Goods.UNITS,
               "today": timezone.localdate(), "year": timezone.localdate().year}
    if staff:
        items = list(selectors.shop_goods(shop=obj))
        context.update(goods=items, active_goods=[g for g in items if g.active], request_key=_key())
    else:  # a villager at their own village's shop
        home = services.own_household(actor)
        balance = selectors.points_balance(shop=obj, household=home)
        items = list(selectors.shop_goods(shop=obj, active_only=True))
        for g in items:
            g.affordable = g.price <= balance and g.stock_account.balance > 0
            g.request_key = _key()
        context.update(household=home, balance=balance, goods=items,
                       history=selectors.household_redemptions(shop=obj, household=home))
    return render(request, "points/shop/shop.html", context)


@require_POST
def goods_add(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_keeper(request, obj)
    post = request.POST
    try:
        goods = services.add_goods(actor=request.actor, shop=obj, name=post.get("name", ""),
                                   unit=post.get("unit", ""), price=post.get("price", ""))
        messages.success(request, f"已上架“{goods.name}”。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("points:shop", obj.pk)


def goods_edit(request, pk):
    item = selectors.goods(actor=request.actor, pk=pk)
    _require_keeper(request, item.shop)
    values = {"name": item.name, "unit": item.unit, "price": str(item.price), "active": item.active}
    if request.method == "POST":
        post = request.POST
        values = {"name": post.get("name", ""), "unit": post.get("unit", ""), "price": post.get("price", ""),
                  "active": post.get("active") == "1"}
        try:
            services.edit_goods(actor=request.actor, goods=item, **values)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"“{values['name'].strip()}”已保存。")
            return redirect("points:shop", item.shop_id)
    return render(request, "points/shop/goods_edit.html",
                  {"goods": item, "values": values, "units": Goods.UNITS},
                  status=400 if request.method == "POST" else 200)


def _goods_of(shop, raw) -> Goods:
    number = whole_number(raw)
    found = shop.goods.select_related("stock_account").filter(pk=number).first() if number else None
    if found is None:
        raise ValidationError({"goods": "请选择商品"})
    return found


@require_POST
def stock_in(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_keeper(request, obj)
    post = request.POST
    try:
        goods = _goods_of(obj, post.get("goods"))
        row = services.stock_in(actor=request.actor, goods=goods, quantity=post.get("quantity", ""),
                                source=post.get("source", ""), note=post.get("note", ""),
                                received_on=parse_day(post.get("received_on", ""), "received_on", "入库日期"))
        messages.success(request, f"“{goods.name}”入库 {row.quantity}{goods.unit}。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("points:shop", obj.pk)


@require_POST
def redeem(request, pk):
    actor = request.actor
    obj = selectors.shop(actor=actor, pk=pk)
    post = request.POST
    keeper = services.keeps(actor, obj)
    if not keeper and not actor.can(access.REDEEM_POINTS):
        raise Http404
    try:
        if keeper:
            number = post.get("household", "").strip()
            household = selectors.household_in_village(shop=obj, number=number)
            if household is None:
                raise ValidationError({"household": f"{obj.village.name}没有户号为“{number}”的农户"})
        else:
            household = services.own_household(actor)
            if household is None:
                raise Http404
        goods = _goods_of(obj, post.get("goods"))
        done = services.redeem(actor=actor, shop=obj, goods=goods, household=household,
                               quantity=post.get("quantity", ""), request_key=post.get("request_key", ""))
        left = selectors.points_balance(shop=obj, household=household)
        messages.success(request, f"兑换成功（{done.code}）：{done.goods.name} ×{done.quantity}，"
                                  f"消耗 {done.points} 分，户 {household.number} 剩余 {left} 分。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("points:shop", obj.pk)


@require_POST
def redemption_cancel(request, pk):
    item = selectors.redemption(actor=request.actor, pk=pk)
    _require_keeper(request, item.shop)
    try:
        services.cancel_redemption(actor=request.actor, redemption=item,
                                   reason=request.POST.get("reason", ""))
        messages.success(request, f"兑换单 {item.code} 已退货，积分与库存已退回。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("points:shop_redemptions", item.shop_id)


# --- reports ------------------------------------------------------------------------------------------------

def _report(request, shop, *, title, columns, rows, extra=None):
    """A report of one shop over a period: pages of rows, and the same rows as Excel (EXPORT, or the
    shop's keeper, who keeps the village's books)."""
    can_export = request.actor.can(access.EXPORT, shop.path) or services.keeps(request.actor, shop)
    full_title = f"{shop.name}{title}"
    if request.GET.get("export") == "xlsx":
        if not can_export:
            raise Http404
        if isinstance(rows, list):
            data = ([c.value(r) for c in columns] for r in rows)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            content = excel.workbook_bytes(full_title, [c.header for c in columns], data)
            return excel.xlsx_response(f"{full_title}-{stamp}.xlsx", content)
        return excel.export(full_title, columns, rows, settings.EXPORT_MAX_ROWS)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"shop": shop, "title": full_title, "headers": [c.header for c in columns],
               "rows": [(r, [(c.header, c.value(r)) for c in columns]) for r in page.object_list],
               "page": page, "query": params.urlencode(), "can_export": can_export,
               "keeper": services.keeps(request.actor, shop), **(extra or {})}
    return render(request, "points/shop/report.html", context)


def _period(request):
    try:
        return selectors.Period.parse(request.GET)
    except ValidationError as exc:
        flash_errors(request, exc)
        return selectors.Period.parse({})


def shop_stock_ins(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_staff(request, obj)
    period = _period(request)
    return _report(request, obj, title="入库报表", columns=STOCK_IN_COLUMNS,
                   rows=selectors.stock_ins(shop=obj, period=period),
                   extra={"period": period, "kind": "stock_ins"})


def shop_redemptions(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_staff(request, obj)
    period = _period(request)
    return _report(request, obj, title="兑换报表", columns=REDEMPTION_COLUMNS,
                   rows=selectors.redemptions(shop=obj, period=period),
                   extra={"period": period, "kind": "redemptions"})


def shop_stock(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_staff(request, obj)
    period = _period(request)
    return _report(request, obj, title="库存报表", columns=STOCK_COLUMNS,
                   rows=selectors.stock_report(shop=obj, period=period),
                   extra={"period": period, "kind": "stock"})
