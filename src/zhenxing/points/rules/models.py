"""Schemes and their rule catalogues (积分细则), versioned per org unit.

A scheme (party member points, household 七色积分) is owned by the district. Its catalogue is a
sequence of rule books: the district's versions, and a village's own versions, which may only adjust
the district's items within the range the district allows (`min_points`..`max_points`, a cap no higher).
The book in force for a unit on a day is the latest version with `effective_from` on or before it.
"""

from django.conf import settings
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit


class Scheme(models.Model):
    SUBJECTS = [("member", "党员"), ("household", "农户")]
    YEAR_END = [("reset", "年末清零，次年从基础分起算"), ("carry", "余额结转下一年")]

    code = models.CharField("代码", max_length=16)
    name = models.CharField("名称", max_length=50)
    subject = models.CharField("积分对象", max_length=16, choices=SUBJECTS)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="制定单位")
    path = PathField(db_index=True)
    floor = models.IntegerField("最低分", null=True, blank=True, default=0)
    year_end = models.CharField("年度规则", max_length=16, choices=YEAR_END, default="carry")
    spendable = models.BooleanField("可在积分超市兑换", default=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "积分方案"
        # Each county keeps its own schemes: a province holds many "party" and "household" schemes.
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="scheme_code_per_unit")]

    def __str__(self):
        return self.name


class Category(models.Model):
    """A category of items; for 七色积分 one of the seven colours (names and colours are configuration)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField("代码", max_length=16)
    name = models.CharField("名称", max_length=50)
    colour = models.CharField("颜色", max_length=7, blank=True, help_text="#RRGGBB")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["scheme", "order", "code"]
        verbose_name = "积分类别"
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="category_code_per_scheme")]

    def __str__(self):
        return self.name


class RuleBook(models.Model):
    """One version of a unit's catalogue (积分细则). `bases` maps a party member classification
    (people.choices.PARTY_CLASSES, "" for the default) to the year's opening points."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="books")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="制定单位")
    path = PathField(db_index=True)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=100)
    effective_from = models.DateField("生效日期")
    bases = models.JSONField("基础分", default=dict, blank=True)
    note = models.TextField("说明（民主程序、通过日期等）", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme", "path", "-version"]
        verbose_name = "积分细则"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "org_unit", "version"],
                                    name="one_version_number_per_unit"),
        ]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"


class RuleItem(models.Model):
    PERIODS = [("month", "每月"), ("quarter", "每季度"), ("year", "每年")]
    UNITS = [("time", "次"), ("hour", "小时")]
    # Activities elsewhere that propose this item by themselves (governance teams, meetings).
    SOURCES = [("", "人工申报"), ("mission", "急难险重任务"), ("volunteer", "志愿服务（置顶行动）"),
               ("attendance", "三会一课出勤")]

    book = models.ForeignKey(RuleBook, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="依据区级条目")
    code = models.CharField("编号", max_length=16)
    name = models.CharField("事项", max_length=200)
    points = models.IntegerField("分值", help_text="加分为正，扣分为负")
    min_points = models.IntegerField("村级可调下限", null=True, blank=True)
    max_points = models.IntegerField("村级可调上限", null=True, blank=True)
    unit = models.CharField("计分单位", max_length=8, choices=UNITS, default="time")
    cap = models.PositiveIntegerField("周期上限（分）", null=True, blank=True)
    cap_period = models.CharField("上限周期", max_length=8, choices=PERIODS, blank=True)
    evidence_required = models.BooleanField("需佐证材料", default=False)
    proposers = models.JSONField("可申报角色", default=list, blank=True)
    approvers = models.JSONField("可审核角色", default=list, blank=True)
    source = models.CharField("自动生成来源", max_length=16, choices=SOURCES, blank=True)

    class Meta:
        ordering = ["book", "category__order", "code"]
        verbose_name = "积分条目"
        constraints = [models.UniqueConstraint(fields=["book", "code"], name="item_code_per_book")]

    def __str__(self):
        return f"{self.code} {self.name}"
