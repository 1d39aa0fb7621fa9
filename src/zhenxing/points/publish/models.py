"""积分公示 and 申诉, and the year-end close (DOMAIN.md §7, issue 5 §3 and §5).

A publication freezes the ranking it shows (`rows`, JSON) so entries posted later do not change what the
village published; objections may be filed until `objection_until`. A year close freezes the year's
ranking per village (`YearResult`, with the awards) and opens next year's accounts (carry or reset).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit, PartyOrg
from zhenxing.people.models import Household, PartyMember
from zhenxing.points.rules.models import Scheme


class Publication(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="publications",
                               verbose_name="积分方案")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="公示单位")
    party_org = models.ForeignKey(PartyOrg, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="党支部")
    unit_key = models.CharField(max_length=32)  # "org:<code>" or "branch:<id>": one publication a period
    unit_name = models.CharField("公示范围", max_length=100)
    path = PathField(db_index=True)
    period = models.CharField("期间", max_length=10)  # 2024, 2024-05, 2024-Q2
    period_label = models.CharField("期间", max_length=20)
    published_at = models.DateTimeField("公示时间", default=timezone.now)
    objection_days = models.PositiveSmallIntegerField("申诉期（天）", default=7)
    objection_until = models.DateTimeField("申诉截止")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    rows = models.JSONField("排名快照", default=list)  # [{rank, holder, name, points, balance}]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "积分公示"
        constraints = [models.UniqueConstraint(fields=["scheme", "unit_key", "period"],
                                               name="one_publication_per_unit_and_period")]

    def __str__(self):
        return f"{self.unit_name}{self.period_label}{self.scheme.name}公示"

    def objections_open(self, now=None) -> bool:
        return (now or timezone.now()) <= self.objection_until


class Objection(models.Model):
    STATES = [("filed", "待处理"), ("upheld", "申诉成立"), ("dismissed", "申诉不成立")]

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="农户")
    member = models.ForeignKey(PartyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="党员")
    holder_name = models.CharField("申诉对象", max_length=50)
    path = PathField(db_index=True)
    text = models.TextField("申诉内容")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    filed_at = models.DateTimeField("提出时间", default=timezone.now)
    state = models.CharField("状态", max_length=16, choices=STATES, default="filed", db_index=True)
    resolution = models.TextField("处理意见", blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    entry = models.ForeignKey(LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name="更正记账")

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = "积分申诉"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=True, household__isnull=False)
                | models.Q(member__isnull=False, household__isnull=True),
                name="objection_for_a_member_or_a_household",
            ),
        ]

    def __str__(self):
        return f"{self.holder_name}的申诉"


class YearClose(models.Model):
    """A scheme's year closed for a county: running while its batches go, done when all accounts opened."""

    STATES = [("running", "结算中"), ("done", "已结算")]

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="closes")
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="区县")
    path = PathField(db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    top_n = models.PositiveSmallIntegerField("每村表彰名额", default=10)
    title = models.CharField("荣誉称号", max_length=30)
    state = models.CharField("状态", max_length=16, choices=STATES, default="running")
    accounts = models.PositiveIntegerField("账户数", default=0)
    carried = models.BigIntegerField("结转/基础分合计", default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["-year", "scheme"]
        verbose_name = "年度结算"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "county", "year"], name="one_close_per_year"),
        ]

    def __str__(self):
        return f"{self.county.name}{self.year}年度{self.scheme.name}结算"


class YearResult(models.Model):
    """One account's frozen year-end line: its points in the year, balance, rank in its village, award."""

    close = models.ForeignKey(YearClose, on_delete=models.CASCADE, related_name="results")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(OrgUnit, null=True, on_delete=models.PROTECT, related_name="+")
    holder = models.CharField(max_length=64)
    path = PathField(db_index=True)
    points = models.BigIntegerField("年度得分")
    balance = models.BigIntegerField("年末余额")
    rank = models.PositiveIntegerField("村内名次")
    title = models.CharField("荣誉称号", max_length=30, blank=True)

    class Meta:
        ordering = ["close", "path", "rank"]
        verbose_name = "年度积分结果"
        constraints = [models.UniqueConstraint(fields=["close", "account"], name="one_result_per_account")]

    def __str__(self):
        return f"{self.holder} 第{self.rank}名"
