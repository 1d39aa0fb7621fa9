"""吹哨报到: the dispatch catalogue (事项 → responsible department and time limits) and the case itself.

A case is reported in a village (or one of its grids), handled there or whistled up to the street,
which dispatches it to a lead department (首接负责) and any co-departments. The limits live on the
catalogue entry, so the street can change them without touching the procedure.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core import personal
from zhenxing.core.workflow import WorkflowRecord
from zhenxing.orgs.models import Department, OrgUnit

URGENCY = [("emergency", "紧急"), ("utilities", "水电气暖"), ("general", "一般"), ("complex", "复杂")]
# Default handling limit per urgency class, in hours (the first two) or working days (Beijing's draft).
DEFAULT_LIMITS = {
    "emergency": (2, None), "utilities": (24, None), "general": (None, 7), "complex": (None, 15),
}


class DispatchCategory(models.Model):
    """An entry of the catalogue: of one county (区/县), or shared by every county when `county` is empty."""

    county = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="dispatch_categories", verbose_name="所属区县",
                               limit_choices_to={"level": "county"})
    name = models.CharField("事项名称", max_length=100)
    departments = models.ManyToManyField(Department, related_name="dispatch_categories",
                                         verbose_name="责任部门")
    urgency = models.CharField("紧急程度", max_length=16, choices=URGENCY, default="general")
    response_hours = models.PositiveIntegerField("报到时限（小时）", default=2)
    limit_hours = models.PositiveIntegerField("办理时限（小时）", null=True, blank=True)
    limit_working_days = models.PositiveIntegerField("办理时限（工作日）", null=True, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "派单目录事项"
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="dispatch_category_name_per_county"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(county__isnull=True),
                                    name="dispatch_category_name_shared"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.limit_hours is None and self.limit_working_days is None:
            self.limit_hours, self.limit_working_days = DEFAULT_LIMITS[self.urgency]
        super().save(*args, **kwargs)

    @property
    def limit_label(self) -> str:
        if self.limit_hours is not None:
            return f"{self.limit_hours} 小时"
        return f"{self.limit_working_days} 个工作日"


class Case(WorkflowRecord):
    SOURCES = [("grid", "网格员"), ("villager", "村民"), ("hotline", "12345")]
    SATISFACTION = [("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")]
    EVALUATION = [("good", "好"), ("fair_good", "较好"), ("average", "一般"), ("poor", "差")]
    FEEDBACK_METHODS = [("phone", "电话"), ("visit", "上门"), ("sms", "短信"), ("platform", "平台")]

    code = models.CharField("案件编号", max_length=20, unique=True)
    source = models.CharField("来源", max_length=16, choices=SOURCES)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reported_cases")
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    reporter_phone_enc = models.TextField(blank=True)
    reporter_phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    hotline_number = models.CharField("12345工单编号", max_length=40, blank=True, db_index=True)
    category = models.ForeignKey(DispatchCategory, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="cases", verbose_name="事项类别")
    description = models.TextField("问题描述")
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cases")
    personal_fields = personal.Declared(personal.Personal("reporter_phone", personal.PHONE))
    location = models.CharField("位置", max_length=200, blank=True)
    lon = models.FloatField("经度", null=True, blank=True)
    lat = models.FloatField("纬度", null=True, blank=True)
    lead_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="led_cases", verbose_name="主办部门")
    co_departments = models.ManyToManyField(Department, blank=True, related_name="assisted_cases",
                                            verbose_name="协办部门")
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField("报到时间", null=True, blank=True)
    accepted_on_time = models.BooleanField("按时报到", null=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    feedback_method = models.CharField("反馈方式", max_length=16, choices=FEEDBACK_METHODS, blank=True)
    feedback = models.TextField("反馈内容", blank=True)
    fed_back_at = models.DateTimeField("反馈时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=16, choices=SATISFACTION, blank=True)
    evaluation = models.CharField("街道评价", max_length=16, choices=EVALUATION, blank=True)
    reopened = models.PositiveIntegerField("重办次数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("上报时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "案件"
        indexes = [models.Index(fields=["lead_department", "dispatched_at"])]

    def __str__(self):
        return self.code
