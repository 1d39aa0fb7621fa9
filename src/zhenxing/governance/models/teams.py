"""Party member service teams (党员服务队, one per village) and assault teams (党员突击队, at the street or
the district), their members, and the missions they take on (急难险重, 置顶行动 volunteer service) with
the hours each member gave: the hours are what the points schemes count."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person


class ServiceTeam(models.Model):
    KINDS = [("service", "党员服务队"), ("assault", "党员突击队")]
    kind = models.CharField("类型", max_length=8, choices=KINDS, db_index=True)
    name = models.CharField("名称", max_length=100)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="service_teams",
                                 verbose_name="所属单位")
    founded_on = models.DateField("成立日期")
    path = PathField(db_index=True)

    class Meta:
        ordering = ["path", "kind", "name"]
        verbose_name = "党员服务队"

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    ROLES = [("leader", "队长"), ("member", "队员")]
    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="team_posts",
                               verbose_name="队员")
    role = models.CharField("职务", max_length=8, choices=ROLES, default="member")
    joined_on = models.DateField("加入日期")
    path = PathField(db_index=True)

    class Meta:
        ordering = ["team", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self):
        return self.person.name


class Mission(models.Model):
    KINDS = [("emergency", "抢险救灾"), ("hard", "急难险重任务"), ("environment", "环境整治"),
             ("volunteer", "志愿服务（置顶行动）"), ("other", "其他")]
    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="missions")
    kind = models.CharField("任务类型", max_length=12, choices=KINDS, db_index=True)
    title = models.CharField("任务", max_length=100)
    held_on = models.DateField("日期", db_index=True)
    place = models.CharField("地点", max_length=100, blank=True)
    description = models.TextField("情况", blank=True)
    path = PathField(db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "任务与活动"

    def __str__(self):
        return self.title


class MissionHours(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="hours")
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="hours")
    hours = models.DecimalField("服务时长（小时）", max_digits=5, decimal_places=1)
    path = PathField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "member"], name="mission_hours_once")]

    def __str__(self):
        return f"{self.member} {self.hours}"
