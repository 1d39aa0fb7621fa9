"""执法监管 (module 9): inspections, and violations under the rectification workflow
(homestead.enforcement.workflows)."""

from django.conf import settings
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.core.workflow import WorkflowRecord
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs.models import OrgUnit

USER = settings.AUTH_USER_MODEL


class Inspection(models.Model):
    KINDS = [("routine", "日常巡查"), ("special", "专项检查"), ("report", "群众举报")]

    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="村/社区")
    path = PathField(db_index=True)
    inspected_on = models.DateField("检查日期")
    inspectors = models.CharField("检查人员", max_length=200)
    kind = models.CharField("检查类型", max_length=16, choices=KINDS)
    findings = models.TextField("检查情况")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = "巡查检查"

    def __str__(self):
        return f"{self.village.name} {self.inspected_on} {self.get_kind_display()}"


class Violation(WorkflowRecord):
    KINDS = [
        ("unapproved", "未批先建"),
        ("over_area", "超占"),
        ("private_sale", "私自买卖"),
        ("use_change", "改变用途"),
        ("other", "其他"),
    ]

    code = models.CharField("案件编号", max_length=20, unique=True)
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="violations",
        verbose_name="来源检查",
    )
    parcel = models.ForeignKey(
        Parcel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violations",
        verbose_name="宗地",
    )
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="村/社区")
    kind = models.CharField("违法类型", max_length=16, choices=KINDS)
    found_on = models.DateField("发现日期")
    description = models.TextField("情况描述")
    deadline = models.DateField("整改期限")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = "违法违规"

    def __str__(self):
        return f"{self.code} {self.get_kind_display()}"
