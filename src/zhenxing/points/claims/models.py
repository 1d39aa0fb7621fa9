"""积分申报: a proposed entry for a party member or a household, approved or rejected (core.workflow).

Approval posts the points to the holder's ledger account for the year (`entry`); a wrong approved entry
is corrected by a reversing ledger entry, never by editing the claim. `source_ref` names the activity
that proposed the claim by itself ("governance.activityhours:12"), so an activity proposes once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.models import LedgerEntry
from zhenxing.core.paths import PathField
from zhenxing.core.workflow import WorkflowRecord
from zhenxing.people.models import Household, PartyMember
from zhenxing.points.rules.models import RuleItem, Scheme


class Claim(WorkflowRecord):
    code = models.CharField("申报编号", max_length=20, unique=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="claims")
    item = models.ForeignKey(RuleItem, on_delete=models.PROTECT, related_name="claims",
                             verbose_name="积分条目")
    member = models.ForeignKey(PartyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="党员")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="农户")
    quantity = models.DecimalField("数量（次/小时）", max_digits=7, decimal_places=1, default=1)
    points = models.IntegerField("分值")
    occurred_on = models.DateField("发生日期")
    description = models.TextField("事由")
    source_ref = models.CharField(max_length=64, null=True, blank=True, unique=True)
    entry = models.OneToOneField(LedgerEntry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField("申报时间", default=timezone.now, db_index=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "积分申报"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=True, household__isnull=False)
                | models.Q(member__isnull=False, household__isnull=True),
                name="claim_for_a_member_or_a_household",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def holder(self):
        return self.member or self.household


class Meeting(models.Model):
    """三会一课: a meeting of a party branch and who attended, so that attendance proposes points.

    No register of branch meetings exists elsewhere; this small one lives with the points it feeds.
    """

    KINDS = [("general", "党员大会"), ("committee", "支委会"), ("group", "党小组会"), ("lecture", "党课")]

    branch = models.ForeignKey("orgs.PartyOrg", on_delete=models.PROTECT, related_name="+",
                               verbose_name="党组织")
    path = PathField(db_index=True)  # the branch's
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    attendees = models.ManyToManyField(PartyMember, related_name="+", verbose_name="出席党员")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "三会一课"

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"
