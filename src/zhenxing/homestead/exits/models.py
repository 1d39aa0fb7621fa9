"""自愿有偿退出 (module 7): a household gives its parcel back to the collective for compensation."""


from django.conf import settings
from django.db import models

from zhenxing.core.workflow import WorkflowRecord
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

MONEY = {"max_digits": 14, "decimal_places": 2}



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
        from zhenxing.homestead.exits.workflows import EXIT

        return EXIT.states.get(self.state, self.state)
