"""政策制度 (module 10): reform policies as versioned documents, and the rules each version sets.

A policy is stored at the org unit that keeps it (the district for every policy the district applies,
whatever body issued it); `level` says who issued it. A version is in force from `effective_from` to
`effective_to` (open when empty); a newer version closes the one before it on the day before its own
start. The rules a version sets copy the version's dates, so that the value of a rule on a day is one
indexed lookup on (key, effective_from) without joins (homestead.policies.rules).
"""

from django.conf import settings
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit


class Policy(models.Model):
    LEVELS = [("national", "国家"), ("province", "省"), ("city", "市"), ("district", "区")]
    CATEGORIES = [
        ("approval", "审批"),
        ("paid_use", "有偿使用"),
        ("exit", "退出"),
        ("transfer", "流转"),
        ("revitalise", "盘活"),
        ("supervision", "监管"),
        ("general", "综合"),
    ]
    STATUSES = [("current", "现行"), ("repealed", "已废止")]

    title = models.CharField("标题", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=100)
    level = models.CharField("层级", max_length=16, choices=LEVELS)
    category = models.CharField("类别", max_length=16, choices=CATEGORIES)
    status = models.CharField("状态", max_length=16, choices=STATUSES, default="current")
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "政策"

    def __str__(self):
        return f"{self.title}（{self.number}）" if self.number else self.title


class PolicyVersion(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    text = models.TextField("全文")
    change_note = models.CharField("修订说明", max_length=500, blank=True)
    attachment_id = models.IntegerField("附件", null=True, blank=True)  # core.Attachment, owner policy
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = "政策版本"
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number")]

    def __str__(self):
        return f"{self.policy.title} 第{self.number}版"

    def in_force(self, on) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class PolicyRule(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rules")
    key = models.CharField("规则", max_length=40)
    value = models.DecimalField("取值", max_digits=12, decimal_places=2)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "政策规则"
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="policy_rule_once_per_version")
        ]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self):
        return f"{self.key}={self.value}"
