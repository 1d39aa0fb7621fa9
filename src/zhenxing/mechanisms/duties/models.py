"""包保 assignments: one row per person and unit (or department and duty), with the days it holds."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import Department, OrgUnit


class Duty(models.Model):
    KINDS = [
        ("liaison", "区级领导包保联系点"),
        ("street", "班子成员包街联村"),
        ("village", "街道干部包村"),
        ("secretary", "村书记包保"),
        ("department", "部门职责"),
    ]
    kind = models.CharField("类型", max_length=16, choices=KINDS, db_index=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="包保单位")
    path = PathField(db_index=True)  # the unit's
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="部门")
    holder_name = models.CharField("责任人", max_length=50, db_index=True)
    holder_title = models.CharField("职务", max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="账号")
    subject = models.CharField("包保事项", max_length=300, blank=True)
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "kind", "holder_name", "pk"]
        verbose_name = "包保责任"

    def __str__(self):
        return f"{self.holder_name}（{self.get_kind_display()}·{self.org_unit.name}）"

    @property
    def current(self) -> bool:
        return self.ended_on is None or self.ended_on > timezone.localdate()
