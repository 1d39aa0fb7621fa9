"""闲置盘活 (module 8): idle surveys, revitalisation projects and the parcels they use.

A project sits on its host village's path; as a 片区 project it may use idle houses in other villages
of the same street. A parcel is used by at most one current project: the link row stays as history
when released (`released_on`), and a partial unique index keeps one open link per parcel.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhenxing.core.paths import PathField
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs.models import OrgUnit

USER = settings.AUTH_USER_MODEL


class IdleSurvey(models.Model):
    KINDS = [("seasonal", "季节性闲置"), ("year_round", "常年闲置")]
    CONDITIONS = [("intact", "完好"), ("fair", "一般"), ("dangerous", "危房"), ("none", "无房")]
    INTENTIONS = [
        ("lease", "出租"),
        ("shares", "入股"),
        ("cooperate", "合作经营"),
        ("exit", "自愿退出"),
        ("undecided", "暂不处置"),
    ]

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="idle_surveys")
    path = PathField(db_index=True)
    surveyed_on = models.DateField("调查日期")
    idle_kind = models.CharField("闲置类型", max_length=16, choices=KINDS)
    condition = models.CharField("房屋状况", max_length=16, choices=CONDITIONS)
    intention = models.CharField("农户意愿", max_length=16, choices=INTENTIONS)
    surveyor = models.CharField("调查人", max_length=100)
    note = models.CharField("备注", max_length=500, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "闲置调查"
        indexes = [models.Index(fields=["parcel", "surveyed_on"])]

    def __str__(self):
        return f"{self.parcel.code} {self.surveyed_on}"


class RevitalisationProject(models.Model):
    KINDS = [
        ("homestay", "民宿"),
        ("tourism", "文旅"),
        ("wellness", "康养"),
        ("farm_stay", "农家乐"),
        ("ecommerce", "电商"),
        ("storage", "仓储"),
        ("other", "其他"),
    ]
    OPERATOR_KINDS = [("collective", "村集体"), ("company", "企业"), ("person", "个人"), ("coop", "合作社")]
    STATUSES = [("preparing", "筹建"), ("operating", "运营"), ("closed", "停业")]

    code = models.CharField("项目编号", max_length=20, unique=True)
    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="所在村")
    path = PathField(db_index=True)
    operator_name = models.CharField("经营主体", max_length=100)
    operator_kind = models.CharField("主体类型", max_length=16, choices=OPERATOR_KINDS)
    investment_yuan = models.DecimalField("总投资（元）", max_digits=14, decimal_places=2)
    social_investment_yuan = models.DecimalField("其中社会投资（元）", max_digits=14, decimal_places=2)
    started_on = models.DateField("开工日期")
    status = models.CharField("状态", max_length=16, choices=STATUSES, default="preparing")
    description = models.TextField("项目简介", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "盘活项目"

    def __str__(self):
        return f"{self.code} {self.name}"


class ProjectParcel(models.Model):
    project = models.ForeignKey(RevitalisationProject, on_delete=models.CASCADE, related_name="links")
    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="project_links")
    linked_on = models.DateField("纳入日期")
    released_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = "项目宗地"
        constraints = [
            models.UniqueConstraint(
                fields=["parcel"], condition=Q(released_on__isnull=True), name="parcel_in_one_current_project"
            )
        ]

    def __str__(self):
        return f"{self.project.code} {self.parcel.code}"


