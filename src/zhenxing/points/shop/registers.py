"""积分超市's registers and writes, declared once: the pages, their Excel exports and the API derive from
these (orgs.registers, orgs.actions)."""

import secrets
from datetime import date, datetime

from django.db.models import Count
from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.orgs import access, names
from zhenxing.orgs.actions import Action
from zhenxing.orgs.registers import Filter, Register
from zhenxing.points.shop import selectors as sel
from zhenxing.points.shop import services
from zhenxing.points.shop.forms import CancelForm, GoodsEditForm, GoodsForm, RedeemForm, ShopForm, StockInForm

SHOP_ID = Filter("shop", "积分超市（id）")
PERIOD = (Filter("start", "开始日期（YYYY-MM-DD）"), Filter("end", "结束日期（YYYY-MM-DD）"))


def _name(user) -> str:
    return names.name(user, "") if user else ""


# The shop's reports (入库报表, 兑换报表, 库存报表): one shop over a period, on its own page.
STOCK_IN_COLUMNS = (
    Column("入库日期", lambda r: r.received_on, key="received_on", kind=date),
    Column("商品", lambda r: r.goods.name, key="goods"),
    Column("数量", lambda r: r.quantity, key="quantity", kind=int),
    Column("单位", lambda r: r.goods.unit, key="unit"),
    Column("来源", lambda r: r.source, key="source"),
    Column("备注", lambda r: r.note, key="note"),
    Column("经办人", lambda r: _name(r.received_by), key="received_by"),
)
REDEMPTION_COLUMNS = (
    Column("兑换单号", lambda r: r.code, key="code"),
    Column("兑换时间", lambda r: r.at, key="at", kind=datetime),
    Column("户号", lambda r: r.household.number, key="household"),
    Column("户主", lambda r: r.household.head.name if r.household.head else "", key="head"),
    Column("商品", lambda r: r.goods.name, key="goods"),
    Column("数量", lambda r: r.quantity, key="quantity", kind=int),
    Column("消耗积分", lambda r: r.points, key="points", kind=int),
    Column("经办人", lambda r: _name(r.redeemed_by), key="redeemed_by"),
    Column("状态", lambda r: r.status, key="status"),
    Column("退货原因", lambda r: r.cancel_reason, key="cancel_reason"),
)
STOCK_COLUMNS = (
    Column("商品", lambda s: s.goods.name, key="goods"),
    Column("单位", lambda s: s.goods.unit, key="unit"),
    Column("兑换积分", lambda s: s.goods.price, key="price", kind=int),
    Column("期初库存", lambda s: s.opening, key="opening", kind=int),
    Column("本期入库", lambda s: s.stocked, key="stocked", kind=int),
    Column("本期兑出（扣除退货）", lambda s: s.redeemed, key="redeemed", kind=int),
    Column("期末库存", lambda s: s.closing, key="closing", kind=int),
    Column("当前库存", lambda s: s.current, key="current", kind=int),
)
SHOP_COLUMN = Column("积分超市", lambda r: r.shop.name, key="shop")


SHOPS = Register(
    name="shops",
    title="积分超市",
    item="积分超市",
    rows=lambda actor, filters: sel.shops(actor=actor, filters=filters).annotate(goods_count=Count("goods")),
    one=sel.shop,
    filter_class=sel.ShopFilter,
    filters=(Filter("q", "名称"), Filter("village", "村", "village")),
    columns=(
        Column("名称", lambda s: s.name, key="name"),
        Column("所在村", lambda s: s.village.name, key="village"),
        Column("兑换积分方案", lambda s: s.scheme.name, key="scheme"),
        Column("在售商品", lambda s: s.goods_count, key="goods_count", kind=numbers.COUNT),
        Column("状态", lambda s: "营业中" if s.active else "停业", key="status"),
    ),
    url_of=lambda s: reverse("points:shop", args=[s.pk]),
    description="工作人员：权限范围内的积分超市；村民：本村的积分超市",
)

GOODS = Register(
    name="goods",
    title="兑换商品",
    item="兑换商品",
    rows=sel.goods_rows,
    one=sel.goods,
    filter_class=sel.GoodsFilter,
    filters=(SHOP_ID, Filter("q", "商品名称"),
             Filter("active", "上架", "select", (("yes", "上架"), ("no", "下架")))),
    columns=(
        Column("积分超市", lambda g: g.shop.name, key="shop"),
        Column("积分超市 id", lambda g: g.shop_id, key="shop_id", kind=int),
        Column("商品名称", lambda g: g.name, key="name"),
        Column("单位", lambda g: g.unit, key="unit"),
        Column("兑换积分", lambda g: g.price, key="price", kind=int),
        Column("当前库存", lambda g: g.stock_account.balance, key="stock", kind=int),
        Column("状态", lambda g: "上架" if g.active else "下架", key="status"),
    ),
    url_of=lambda g: reverse("points:shop", args=[g.shop_id]),
    description="工作人员：权限范围内积分超市的商品；村民：本村积分超市上架的商品",
)

STOCK_INS = Register(
    name="stock-ins",
    title="入库记录",
    item="入库记录",
    rows=sel.stock_in_rows,
    one=sel.stock_in,
    filter_class=sel.RecordFilter,
    filters=(SHOP_ID, *PERIOD, Filter("q", "商品或来源")),
    columns=(SHOP_COLUMN, *STOCK_IN_COLUMNS),
    url_of=lambda r: reverse("points:shop_stock_ins", args=[r.shop_id]),
    description="工作人员权限范围内积分超市的入库记录（各超市的入库报表）",
)

REDEMPTIONS = Register(
    name="redemptions",
    title="兑换记录",
    item="兑换单",
    rows=sel.redemption_rows,
    one=sel.visible_redemption,
    filter_class=sel.RecordFilter,
    filters=(SHOP_ID, *PERIOD, Filter("q", "兑换单号、户号或商品"),
             Filter("status", "状态", "select", (("done", "已兑换"), ("cancelled", "已退货")))),
    columns=(SHOP_COLUMN, *REDEMPTION_COLUMNS),
    url_of=lambda r: reverse("points:shop_redemptions", args=[r.shop_id]),
    description="工作人员：权限范围内积分超市的兑换单；村民：本户的兑换单",
)


def _open_shop(actor, form, record):
    d = form.cleaned_data
    return services.open_shop(actor=actor, village=d["village"], name=d["name"], scheme=d["scheme"],
                              keeper_notes=d["keeper_notes"])


def _add_goods(actor, form, record):
    d = form.cleaned_data
    return services.add_goods(actor=actor, shop=d["shop"], name=d["name"], unit=d["unit"], price=d["price"])


def _edit_goods(actor, form, record):
    d = form.cleaned_data
    return services.edit_goods(actor=actor, goods=record, name=d["name"], unit=d["unit"], price=d["price"],
                               active=d["active"])


def _stock_in(actor, form, record):
    d = form.cleaned_data
    return services.stock_in(actor=actor, goods=d["goods"], quantity=d["quantity"], source=d["source"],
                             note=d["note"], received_on=d["received_on"])


def _redeem(actor, form, record):
    d = form.cleaned_data
    return services.redeem(actor=actor, shop=d["shop"], goods=d["goods"], household=d["household"],
                           quantity=d["quantity"], request_key=d["request_key"] or secrets.token_urlsafe(16))


def _cancel(actor, form, record):
    return services.cancel_redemption(actor=actor, redemption=record, reason=form.cleaned_data["reason"])


OPEN_SHOP = Action("", "开设积分超市", ShopForm, _open_shop, access.KEEP_SHOP,
                   description="village 为村的单位代码，scheme 为可兑换的积分方案 id")
ADD_GOODS = Action("", "上架商品", GoodsForm, _add_goods, access.KEEP_SHOP,
                   description="shop 为积分超市 id；只有该超市的管理员可上架")
EDIT_GOODS = Action("edit", "修改商品（名称、单位、兑换积分、上下架）", GoodsEditForm, _edit_goods,
                    access.KEEP_SHOP, form_kwargs=lambda actor, record: {})
STOCK_IN = Action("", "商品入库", StockInForm, _stock_in, access.KEEP_SHOP,
                  description="shop 为积分超市 id，goods 为该超市的商品 id")
REDEEM = Action("", "积分兑换", RedeemForm, _redeem, (access.KEEP_SHOP, access.REDEEM_POINTS),
                idempotent=True, key_field="request_key",
                description="村民兑换本户积分（household 不填）；积分超市管理员代农户兑换时填户号。"
                            "积分与库存不足时返回 422 并说明哪一项不足")
CANCEL = Action("cancel", "退货（退回积分与库存）", CancelForm, _cancel, access.KEEP_SHOP,
                form_kwargs=lambda actor, record: {})
