"""Party member service teams (党员服务队) and assault teams (突击队): members, and the missions and
volunteer activities (置顶行动) they turn out for, with each member's hours (which issue 5's points read)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person


class Team(models.Model):
    KINDS = [("service", "党员服务队"), ("assault", "党员突击队")]
    name = models.CharField("队伍名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="所属单位")
    path = PathField(db_index=True)
    founded_on = models.DateField("成立日期")
    description = models.TextField("主要任务", blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "kind", "name"]
        verbose_name = "党员队伍"
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="team_name_per_unit")]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    ROLES = [("leader", "队长"), ("member", "队员")]
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="队员")
    role = models.CharField("职务", max_length=16, choices=ROLES, default="member")
    joined_on = models.DateField("入队日期")
    left_on = models.DateField("离队日期", null=True, blank=True)

    class Meta:
        ordering = ["team", "-role", "joined_on", "pk"]
        verbose_name = "队员"
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], condition=models.Q(left_on__isnull=True),
                                    name="one_current_membership")
        ]

    def __str__(self):
        return f"{self.team} {self.person}"


class Activity(models.Model):
    KINDS = [("mission", "急难险重任务"), ("volunteer", "志愿服务（置顶行动）"), ("other", "其他活动")]
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="activities")
    path = PathField(db_index=True)
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    title = models.CharField("活动名称", max_length=200)
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200, blank=True)
    description = models.TextField("内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "队伍活动"

    def __str__(self):
        return self.title


class ActivityHours(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="hours")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)  # the activity's, for the hours figure
    hours = models.DecimalField("时长（小时）", max_digits=5, decimal_places=1, default=Decimal("0"))

    class Meta:
        verbose_name = "参与时长"
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="hours_once_per_person")]

    def __str__(self):
        return f"{self.person} {self.hours}"
