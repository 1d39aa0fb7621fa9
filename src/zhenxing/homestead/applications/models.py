"""申请审批: a household's application for a homestead, run through the 2019 procedure (workflows.py).

The site polygon is stored like a parcel's (GeoJSON in EPSG:4490 with its bounding box), so that the
pre-checks and, at registration, the new parcel use the same geometry. The village's and the
departments' parts of the procedure are rows of their own: objections raised during 公示, and one
opinion per department and review round in the 街道联审.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.workflow import WorkflowRecord
from zhenxing.homestead.applications import tracker
from zhenxing.homestead.applications.workflows import STATES
from zhenxing.homestead.parcels.models import SQM_PER_MU
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.people.models import Household


class Application(WorkflowRecord):
    KINDS = [
        ("new", "新建（无宅基地）"),
        ("rebuild", "原址翻建"),
        ("relocate", "异址新建（退出原宅基地）"),
        ("extend", "改建、扩建"),
    ]
    code = models.CharField("申请编号", max_length=20, unique=True)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="homestead_applications")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="homestead_applications", verbose_name="申请户"
    )
    kind = models.CharField("申请类型", max_length=16, choices=KINDS)
    reason = models.TextField("申请理由")
    location = models.CharField("拟用地坐落", max_length=200)
    east = models.CharField("四至·东", max_length=100, blank=True)
    south = models.CharField("四至·南", max_length=100, blank=True)
    west = models.CharField("四至·西", max_length=100, blank=True)
    north = models.CharField("四至·北", max_length=100, blank=True)
    old_parcel = models.ForeignKey(
        "homestead.Parcel", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="原宅基地（翻建或退出）",
    )
    site_area_m2 = models.DecimalField("拟用地面积（平方米）", max_digits=10, decimal_places=2)
    building_area_m2 = models.DecimalField("拟建房屋建筑面积（平方米）", max_digits=10, decimal_places=2)
    floors = models.PositiveSmallIntegerField("拟建层数")
    geometry = models.TextField("用地图形（GeoJSON，EPSG:4490）")
    min_x = models.FloatField()
    min_y = models.FloatField()
    max_x = models.FloatField()
    max_y = models.FloatField()
    review_round = models.PositiveSmallIntegerField("联审轮次", default=0)
    approval_number = models.CharField("批准书编号", max_length=40, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    parcel = models.ForeignKey(
        "homestead.Parcel", null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
        verbose_name="登记宗地",
    )
    # Empty for records brought in from paper ledgers or the demo rather than filed here.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "宅基地申请"
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self):
        return self.code

    @property
    def site_area_mu(self) -> Decimal:
        return (self.site_area_m2 / SQM_PER_MU).quantize(Decimal("0.0001"))

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    def tracker_steps(self):
        """The nine steps with their status and dates, for the step tracker (_tracker.html)."""
        return tracker.steps(self)


class Objection(models.Model):
    """An objection raised during 公示, and how the village dealt with it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.CharField("异议人", max_length=50)
    content = models.TextField("异议内容")
    raised_on = models.DateField("提出日期")
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    resolution = models.TextField("处理意见", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "公示异议"

    def __str__(self):
        return f"{self.application_id} {self.raised_by}"


class ReviewOpinion(models.Model):
    """One department's signed part of the 街道联审 (一个窗口对外受理、多部门内部联动)."""

    PARTS = [
        ("natural_resources", "自然资源"),
        ("housing", "住房和城乡建设"),
        ("agriculture", "农业农村"),
    ]
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    round = models.PositiveSmallIntegerField("联审轮次")
    part = models.CharField("审查部门", max_length=20, choices=PARTS)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    agree = models.BooleanField("同意")
    opinion = models.TextField("审查意见")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "part"]
        verbose_name = "联审意见"
        constraints = [
            models.UniqueConstraint(fields=["application", "round", "part"], name="one_opinion_per_part")
        ]

    def __str__(self):
        return f"{self.application_id} {self.get_part_display()} 第{self.round}轮"
