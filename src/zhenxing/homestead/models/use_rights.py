"""流转, 有偿使用, 自愿有偿退出 (modules 5–7): what happens to a parcel's use rights after registration.

Every row sits on its parcel's (or billed village's) path, so scope and the regional ledger's
indicators are one path filter. Statuses that follow from dates or amounts (a contract's expiry, a
bill's 已缴清) are computed, never stored, so nothing has to be kept up to date by a job.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.core.workflow import WorkflowRecord
from zhenxing.homestead.models.parcels import Parcel
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

MONEY = {"max_digits": 14, "decimal_places": 2}


class TransferContract(models.Model):
    KINDS = [("lease", "出租"), ("transfer", "转让"), ("share", "入股"), ("mortgage", "抵押")]
    PURPOSES = [
        ("homestay", "民宿"),
        ("farmstay", "农家乐"),
        ("tourism", "文旅"),
        ("wellness", "康养"),
        ("storage", "仓储"),
        ("residence", "自住"),
        ("other", "其他"),
    ]
    PARTY_KINDS = [("person", "个人"), ("enterprise", "企业")]
    CYCLES = [
        ("yearly", "按年"),
        ("half_yearly", "按半年"),
        ("quarterly", "按季"),
        ("monthly", "按月"),
        ("lump_sum", "一次性"),
    ]
    STATUSES = [("active", "生效"), ("expired", "已到期"), ("terminated", "已终止")]

    code = models.CharField("合同编号", max_length=20, unique=True)
    parcel = models.ForeignKey(
        Parcel, on_delete=models.PROTECT, related_name="transfers", verbose_name="宗地"
    )
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name="流出方（权利人户）"
    )
    kind = models.CharField("流转方式", max_length=16, choices=KINDS, db_index=True)
    transferee_name = models.CharField("流入方名称", max_length=100)
    transferee_kind = models.CharField("流入方类型", max_length=16, choices=PARTY_KINDS)
    # A person's ID number is personal information: encrypted, looked up by keyed hash, shown masked.
    # An enterprise's unified credit code is public and is kept as it is in `transferee_id_shown`.
    transferee_id_enc = models.TextField(blank=True)
    transferee_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    transferee_id_shown = models.CharField("证件号码", max_length=18)
    transferee_member = models.BooleanField("流入方为本集体成员", default=False)
    purpose = models.CharField("用途", max_length=16, choices=PURPOSES, db_index=True)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("终止日期", db_index=True)
    rent_yuan = models.DecimalField("年租金（元）", **MONEY)
    payment_cycle = models.CharField("支付方式", max_length=16, choices=CYCLES)
    terminated_on = models.DateField("解除日期", null=True, blank=True)
    termination_reason = models.CharField("解除原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "code"]
        verbose_name = "流转合同"

    def __str__(self):
        return self.code

    def status(self, today: date) -> str:
        if self.terminated_on:
            return "terminated"
        return "expired" if self.ends_on < today else "active"

    def status_label(self, today: date) -> str:
        return dict(self.STATUSES)[self.status(today)]


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


class ExitApplication(WorkflowRecord):
    """自愿有偿退出: a household gives its parcel back to the collective for compensation."""

    code = models.CharField("申请编号", max_length=20, unique=True)
    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="exits", verbose_name="宗地")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name="退出户"
    )
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("退出原因", max_length=200, blank=True)
    house_value_yuan = models.DecimalField("房屋价值（元）", **MONEY)
    land_value_yuan = models.DecimalField("土地价值（元）", **MONEY)
    eligibility_value_yuan = models.DecimalField("资格权价值（元）", **MONEY)
    reward_yuan = models.DecimalField("奖励（元）", **MONEY)
    total_yuan = models.DecimalField("补偿总额（元）", **MONEY)
    keeps_eligibility = models.BooleanField("保留资格权", default=False)
    compensation_paid_yuan = models.DecimalField("已付补偿（元）", null=True, blank=True, **MONEY)
    compensation_paid_on = models.DateField("补偿支付日期", null=True, blank=True)
    recovered_on = models.DateField("收回日期", null=True, blank=True)
    area_m2 = models.DecimalField("退出面积（平方米）", max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "code"]
        verbose_name = "自愿有偿退出申请"

    def __str__(self):
        return self.code

    @property
    def state_label(self) -> str:
        from zhenxing.homestead.workflows_exit import EXIT

        return EXIT.states.get(self.state, self.state)
