"""有偿使用 (module 6): yearly bills for 超占, 一户多宅 and non-member use, their payments and reductions.

A bill's 已缴清 follows from its amounts (computed, never stored)."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

MONEY = {"max_digits": 14, "decimal_places": 2}



class FeeBill(models.Model):
    REASONS = [("over_area", "超占"), ("multiple", "一户多宅"), ("non_member", "非本集体成员使用")]
    STATUSES = [("unpaid", "未缴"), ("partial", "部分缴纳"), ("paid", "已缴清"), ("waived", "已减免")]

    code = models.CharField("账单编号", max_length=20, unique=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name="缴费户"
    )
    # The village whose collective bills: the household's own for 超占 and 一户多宅, the village whose
    # land is used for 非本集体成员使用.
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    reason = models.CharField("收费事由", max_length=16, choices=REASONS, db_index=True)
    basis_area_m2 = models.DecimalField("计费面积（平方米）", max_digits=12, decimal_places=2)
    rate_yuan_per_m2 = models.DecimalField("收费标准（元/平方米·年）", max_digits=8, decimal_places=2)
    amount_yuan = models.DecimalField("应缴金额（元）", **MONEY)
    paid_yuan = models.DecimalField("已缴金额（元）", default=Decimal("0"), **MONEY)
    reduced_yuan = models.DecimalField("减免金额（元）", default=Decimal("0"), **MONEY)
    policy_source = models.CharField("政策依据", max_length=200, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "code"]
        verbose_name = "有偿使用费账单"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year", "reason", "village"], name="one_bill_per_reason"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def outstanding_yuan(self) -> Decimal:
        return self.amount_yuan - self.paid_yuan - self.reduced_yuan

    @property
    def status(self) -> str:
        if self.outstanding_yuan <= 0:
            return "waived" if self.reduced_yuan > 0 else "paid"
        return "partial" if self.paid_yuan > 0 else "unpaid"

    @property
    def status_label(self) -> str:
        return dict(self.STATUSES)[self.status]


class FeePayment(models.Model):
    METHODS = [("cash", "现金"), ("bank", "银行转账"), ("wechat", "微信"), ("alipay", "支付宝")]

    bill = models.ForeignKey(FeeBill, on_delete=models.PROTECT, related_name="payments")
    amount_yuan = models.DecimalField("缴费金额（元）", **MONEY)
    paid_on = models.DateField("缴费日期")
    receipt_number = models.CharField("收据号", max_length=40)
    method = models.CharField("缴费方式", max_length=16, choices=METHODS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = "缴费记录"
        # A receipt is issued once: payments on two bills lock different rows, so only the index can tell.
        constraints = [models.UniqueConstraint(fields=["receipt_number"], name="receipt_issued_once")]

    def __str__(self):
        return f"{self.receipt_number} {self.amount_yuan}"


class FeeReduction(models.Model):
    bill = models.ForeignKey(FeeBill, on_delete=models.PROTECT, related_name="reductions")
    amount_yuan = models.DecimalField("减免金额（元）", **MONEY)
    reason = models.CharField("减免理由", max_length=200)
    decided_on = models.DateField("减免日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = "减免记录"

    def __str__(self):
        return f"减免 {self.amount_yuan}"


