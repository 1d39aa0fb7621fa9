"""积分超市 pages: the shops in scope, a shop (goods, stock-in and redemption for the keeper; balance,
affordable goods and a redeem button for a villager), the stock-in, redemption and stock reports with
their Excel exports, and the goods and return forms."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import excel
from zhenxing.core.feedback import flash_errors
from zhenxing.orgs import access
from zhenxing.points.shop import registers as r
from zhenxing.points.shop import selectors, services
from zhenxing.points.shop.models import Goods


def _key() -> str:
    return secrets.token_urlsafe(16)


def _require_keeper(request, shop):
    if not services.keeps(request.actor, shop):
        raise Http404


def _require_staff(request, shop):
    if not selectors.is_staff(request.actor, shop):
        raise Http404


def _submit(request, action, data, record=None):
    """The page's form through its Action (the API's write): the record, or None with every message shown."""
    try:
        return action.submit(request.actor, data, request.FILES, record)
    except ValidationError as exc:
        flash_errors(request, exc)
    return None


def _in_shop(request, shop):
    """The posted form with the shop of the URL, as the API sends it in the body."""
    data = request.POST.copy()
    data["shop"] = str(shop.pk)
    return data


def shops(request):
    links = [(reverse("points:shop_new"), "开设积分超市")] if request.actor.can(access.KEEP_SHOP) else []
    return r.SHOPS.page(request, links=links)


def shop_new(request):
    actor = request.actor
    access.require(actor, access.KEEP_SHOP)
    form = r.OPEN_SHOP.bind(actor, None)
    villages = list(form.villages()[:300])
    schemes = list(form.schemes())
    values = {k: request.POST.get(k, "") for k in ("village", "name", "scheme", "keeper_notes")}
    if request.method == "POST":
        shop = _submit(request, r.OPEN_SHOP, request.POST)
        if shop is not None:
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
    goods = _submit(request, r.ADD_GOODS, _in_shop(request, obj))
    if goods is not None:
        messages.success(request, f"已上架“{goods.name}”。")
    return redirect("points:shop", obj.pk)


def goods_edit(request, pk):
    item = selectors.goods(actor=request.actor, pk=pk)
    _require_keeper(request, item.shop)
    values = {"name": item.name, "unit": item.unit, "price": str(item.price), "active": item.active}
    if request.method == "POST":
        post = request.POST
        values = {"name": post.get("name", ""), "unit": post.get("unit", ""), "price": post.get("price", ""),
                  "active": post.get("active") == "1"}
        if _submit(request, r.EDIT_GOODS, post, item) is not None:
            messages.success(request, f"“{values['name'].strip()}”已保存。")
            return redirect("points:shop", item.shop_id)
    return render(request, "points/shop/goods_edit.html",
                  {"goods": item, "values": values, "units": Goods.UNITS},
                  status=400 if request.method == "POST" else 200)


@require_POST
def stock_in(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_keeper(request, obj)
    row = _submit(request, r.STOCK_IN, _in_shop(request, obj))
    if row is not None:
        messages.success(request, f"“{row.goods.name}”入库 {row.quantity}{row.goods.unit}。")
    return redirect("points:shop", obj.pk)


@require_POST
def redeem(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    done = _submit(request, r.REDEEM, _in_shop(request, obj))
    if done is not None:
        household = done.household
        left = selectors.points_balance(shop=obj, household=household)
        then = "" if services.keeps(request.actor, obj) else f"请凭兑换单号到{obj.name}领取。"
        messages.success(request, f"兑换成功（{done.code}）：{done.goods.name} ×{done.quantity}，"
                                  f"消耗 {done.points} 分，户 {household.number} 剩余 {left} 分。{then}")
    return redirect("points:shop", obj.pk)


@require_POST
def redemption_cancel(request, pk):
    item = selectors.redemption(actor=request.actor, pk=pk)
    _require_keeper(request, item.shop)
    if _submit(request, r.CANCEL, request.POST, item) is not None:
        messages.success(request, f"兑换单 {item.code} 已退货，积分与库存已退回。")
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
            content = excel.workbook_bytes(full_title, [c.header for c in columns], data,
                                           excel.kinds_of(columns))
            return excel.xlsx_response(f"{full_title}-{stamp}.xlsx", content)
        return excel.export(full_title, columns, rows, settings.EXPORT_MAX_ROWS)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"shop": shop, "title": full_title, "headers": [c.header for c in columns],
               "rows": [(r, [c.cell(r) for c in columns]) for r in page.object_list],
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
    return _report(request, obj, title="入库报表", columns=r.STOCK_IN_COLUMNS,
                   rows=selectors.stock_ins(shop=obj, period=period),
                   extra={"period": period, "kind": "stock_ins"})


def shop_redemptions(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_staff(request, obj)
    period = _period(request)
    return _report(request, obj, title="兑换报表", columns=r.REDEMPTION_COLUMNS,
                   rows=selectors.redemptions(shop=obj, period=period),
                   extra={"period": period, "kind": "redemptions"})


def shop_stock(request, pk):
    obj = selectors.shop(actor=request.actor, pk=pk)
    _require_staff(request, obj)
    period = _period(request)
    return _report(request, obj, title="库存报表", columns=r.STOCK_COLUMNS,
                   rows=selectors.stock_report(shop=obj, period=period),
                   extra={"period": period, "kind": "stock"})
