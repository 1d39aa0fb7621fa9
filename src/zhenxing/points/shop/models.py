"""积分超市: a village's shop, its goods priced in points, stock-ins and redemptions.

Neither points nor stock are stored here. A household's points are its `core.ledger` account in the
shop's (spendable) scheme for the year (`points.accounts`); a good's stock is its own ledger account
(book "shop.stock", holder "goods:<id>", floor 0). A redemption is one ledger posting of two lines
(points out, stock out) keyed by the request, so a retried request spends nothing twice and neither
balance can pass its floor however many redemptions run at once. A redemption is undone (goods returned)
by reversing both entries.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household
from zhenxing.points.rules.models import Scheme

STOCK_BOOK = "shop.stock"


class Shop(models.Model):
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="所在村")
    path = PathField(db_index=True)
    name = models.CharField("名称", max_length=100)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="shops",
                               verbose_name="兑换积分方案")
    keeper_notes = models.TextField("管理说明（管理员、开放时间等）", blank=True)
    active = models.BooleanField("营业中", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "name"]
        verbose_name = "积分超市"
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="shop_name_per_village")]

    def __str__(self):
        return self.name


class Goods(models.Model):
    UNITS = [("件", "件"), ("袋", "袋"), ("瓶", "瓶"), ("桶", "桶"), ("包", "包"), ("盒", "盒"), ("支", "支"),
             ("块", "块"), ("条", "条"), ("双", "双"), ("个", "个")]

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="goods")
    path = PathField(db_index=True)
    name = models.CharField("商品名称", max_length=100)
    unit = models.CharField("单位", max_length=4, choices=UNITS, default="件")
    price = models.PositiveIntegerField("兑换积分")
    stock_account = models.OneToOneField(LedgerAccount, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("上架", default=True)

    class Meta:
        ordering = ["shop", "name"]
        verbose_name = "兑换商品"
        verbose_name_plural = "兑换商品"
        constraints = [
            models.UniqueConstraint(fields=["shop", "name"], name="goods_name_per_shop"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="goods_price_positive"),
        ]

    def __str__(self):
        return self.name


class StockIn(models.Model):
    """A delivery into a shop: the ledger entry holds the quantity; this row the source and who took it."""

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="stock_ins")
    goods = models.ForeignKey(Goods, on_delete=models.PROTECT, related_name="stock_ins")
    path = PathField(db_index=True)
    quantity = models.PositiveIntegerField("数量")
    source = models.CharField("来源（供货方、捐赠单位）", max_length=100)
    note = models.CharField("备注", max_length=200, blank=True)
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("入库日期")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "入库记录"

    def __str__(self):
        return f"{self.goods} +{self.quantity}"


class Redemption(models.Model):
    code = models.CharField("兑换单号", max_length=20, unique=True)
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="redemptions")
    goods = models.ForeignKey(Goods, on_delete=models.PROTECT, related_name="redemptions")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name="农户")
    path = PathField(db_index=True)  # the shop's
    quantity = models.PositiveIntegerField("数量")
    points = models.PositiveIntegerField("消耗积分")
    points_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    stock_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    request_key = models.CharField(max_length=64, unique=True)
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    at = models.DateTimeField("兑换时间", default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField("退货时间", null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField("退货原因", max_length=200, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "兑换记录"

    def __str__(self):
        return self.code

    @property
    def status(self) -> str:
        return "已退货" if self.cancelled_at else "已兑换"
