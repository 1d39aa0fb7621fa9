"""积分超市 over the API: shops, goods, stock-ins and redemptions (idempotent: the Idempotency-Key is the
shop's request key), returns, and a shop's stock report — derived from the module's registers and actions."""

from django.http import Http404
from ninja import Field, Query, Router, Schema

from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register
from zhenxing.points.shop import registers as r
from zhenxing.points.shop import selectors as sel

router = Router(tags=["积分超市"])
add_register(router, r.SHOPS, app="points")
add_action(router, r.SHOPS, r.OPEN_SHOP, app="points")
add_register(router, r.GOODS, app="points")
add_action(router, r.GOODS, r.ADD_GOODS, app="points")
add_action(router, r.GOODS, r.EDIT_GOODS, app="points")
add_register(router, r.STOCK_INS, app="points")
add_action(router, r.STOCK_INS, r.STOCK_IN, app="points")
add_register(router, r.REDEMPTIONS, app="points")
add_action(router, r.REDEMPTIONS, r.REDEEM, app="points")
add_action(router, r.REDEMPTIONS, r.CANCEL, app="points")


class PeriodQuery(Schema):
    start: str = Field("", max_length=10, description="开始日期 YYYY-MM-DD，默认今年 1 月 1 日")
    end: str = Field("", max_length=10, description="结束日期 YYYY-MM-DD，默认今天")


class StockLineOut(Schema):
    goods_id: int
    goods: str = Field(..., description="商品")
    unit: str
    price: int = Field(..., description="兑换积分")
    opening: int = Field(..., description="期初库存")
    stocked: int = Field(..., description="本期入库")
    redeemed: int = Field(..., description="本期兑出（扣除退货）")
    closing: int = Field(..., description="期末库存")
    current: int = Field(..., description="当前库存")


class StockReportOut(Schema):
    shop_id: int
    shop: str
    start: str
    end: str
    items: list[StockLineOut]


@router.get("/shops/{record_id}/stock", response=StockReportOut, summary="积分超市库存报表",
            operation_id="zhenxing_points_api_shops_stock",
            description="一个积分超市各商品在一段时间的期初、入库、兑出、期末库存（同页面的库存报表）；"
                        "工作人员可查，其余 404。")
def shop_stock(request, record_id: int, period: Query[PeriodQuery]):
    shop = sel.shop(actor=request.actor, pk=record_id)
    if not sel.is_staff(request.actor, shop):
        raise Http404
    span = sel.Period.parse(period.dict())
    items = [{"goods_id": x.goods.pk, "goods": x.goods.name, "unit": x.goods.unit, "price": x.goods.price,
              "opening": x.opening, "stocked": x.stocked, "redeemed": x.redeemed, "closing": x.closing,
              "current": x.current} for x in sel.stock_report(shop=shop, period=span)]
    return {"shop_id": shop.pk, "shop": shop.name, "start": span.start.isoformat(),
            "end": span.end.isoformat(), "items": items}
