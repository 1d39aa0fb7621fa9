"""The task list: a plan per unit and year (the district's 《抓党建促乡村振兴工作举措》), its aspects (方面),
items (事项) and the tasks assigned to units or departments, with the units' progress reports."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import Department, OrgUnit


class Plan(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="制定单位")
    path = PathField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year", "path"]
        verbose_name = "任务清单"
        constraints = [models.UniqueConstraint(fields=["org_unit", "year"], name="one_plan_per_unit_year")]

    def __str__(self):
        return f"{self.year}年{self.title}"


class Aspect(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="aspects")
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("方面", max_length=100)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "任务方面"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="aspect_number_per_plan")]

    def __str__(self):
        return self.name


class Item(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="items", verbose_name="方面")
    number = models.PositiveSmallIntegerField("序号")  # 1…56 through the whole plan, as the document numbers
    title = models.CharField("事项", max_length=200)
    content = models.TextField("具体内容", blank=True)
    lead_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="牵头部门")
    leader = models.CharField("责任领导", max_length=100, blank=True)
    path = PathField(db_index=True)  # the plan's

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "任务事项"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="item_number_per_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Task(models.Model):
    """One unit's or one department's part of an item. Where the result is a figure the platform counts
    (`indicator`, `target`), its progress is that figure for the plan's year against the target; otherwise
    the unit reports it (`Report`). `progress` and `completed_on` hold the latest either way, so that lists,
    deadlines and figures are plain queries."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="tasks", verbose_name="事项")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="责任单位")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="责任部门")
    path = PathField(db_index=True)  # the unit's, or the department's (its county)
    content = models.CharField("任务内容", max_length=300)
    expected = models.CharField("预期成果", max_length=300, blank=True)
    starts_on = models.DateField("开始日期")
    due_on = models.DateField("完成时限", db_index=True)
    due_at = models.DateTimeField("时限截止时刻")  # the end of `due_on` in local time, for the queue and 督办
    indicator = models.CharField("关联指标", max_length=64, blank=True)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    progress = models.DecimalField("进度（%）", max_digits=5, decimal_places=2, default=Decimal("0"))
    progress_note = models.CharField("最新进展", max_length=500, blank=True)
    progress_at = models.DateTimeField("进度更新时间", null=True, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["item__plan", "item__number", "path", "pk"]
        verbose_name = "任务"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(org_unit__isnull=False, department__isnull=True)
                           | models.Q(org_unit__isnull=True, department__isnull=False)),
                name="task_has_one_assignee"),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")),
                                   name="task_due_after_start"),
        ]
        indexes = [models.Index(fields=["completed_on", "due_at"], name="task_open_due")]

    def __str__(self):
        return self.content

    @property
    def assignee(self):
        return self.org_unit or self.department

    @property
    def computed(self) -> bool:
        return bool(self.indicator)

    @property
    def overdue(self) -> bool:
        return self.completed_on is None and self.due_on < timezone.localdate()


class Report(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    percent = models.DecimalField("完成进度（%）", max_digits=5, decimal_places=2)
    text = models.TextField("进展情况")
    reported_on = models.DateField("报告日期")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    path = PathField(db_index=True)  # the task's
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = "进度报告"

    def __str__(self):
        return f"{self.task} {self.percent}%"
