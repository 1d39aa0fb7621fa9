"""流转 (module 5): lease, transfer, share and mortgage contracts on a parcel's use rights.

Every contract sits on its parcel's path, so scope and the regional ledger's indicators are one path filter.
A contract's expiry follows from its dates (computed, never stored).
"""

from datetime import date

from django.conf import settings
from django.db import models

from zhenxing.core import personal
from zhenxing.core.paths import PathField
from zhenxing.homestead.parcels.models import Parcel
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

    personal_fields = personal.Declared(
        personal.Personal(
            "transferee_id", personal.ID_NUMBER, lookup=True, masked_column="transferee_id_shown"
        )
    )

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


