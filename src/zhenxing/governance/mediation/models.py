"""评理说事 (人民调解): a mediation point in each village, its 说事员, and the disputes they mediate.

A dispute sits at the level where it is mediated (组, 村 or 街道): its path is that unit's, so an
escalation moves it up and out of reach of the level below ("小事不出组、大事不出村、难事不出镇").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField
from zhenxing.core.workflow import WorkflowRecord
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Person


class MediationPoint(models.Model):
    village = models.OneToOneField(OrgUnit, on_delete=models.PROTECT, related_name="mediation_point",
                                   verbose_name="村/社区")
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    open_hours = models.CharField("开放时间", max_length=100)
    path = PathField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = "评理说事点"

    def __str__(self):
        return self.name


class Mediator(models.Model):
    KINDS = [("party_member", "党员"), ("sage", "乡贤"), ("mediator", "人民调解员"), ("lawyer", "律师"),
             ("cadre", "村干部"), ("other", "其他")]
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mediator_posts",
                               verbose_name="说事员")
    point = models.ForeignKey(MediationPoint, on_delete=models.CASCADE, related_name="mediators",
                              verbose_name="评理说事点")
    kind = models.CharField("身份", max_length=16, choices=KINDS)
    since = models.DateField("任职日期")
    path = PathField(db_index=True)

    class Meta:
        ordering = ["path", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "point"], name="mediator_once_per_point")]
        verbose_name = "说事员"

    def __str__(self):
        return f"{self.person.name}（{self.get_kind_display()}）"


class Dispute(WorkflowRecord):
    KINDS = [("family", "婚姻家庭"), ("neighbour", "邻里纠纷"), ("land", "土地纠纷"),
             ("homestead", "宅基地纠纷"), ("contract", "合同纠纷"), ("other", "其他")]
    LEVELS = [("group", "村民小组"), ("village", "村"), ("street", "街道")]
    WAYS = [("law", "依法断"), ("collective", "集体断"), ("sage", "乡贤断"), ("consult", "协商断")]
    AGREEMENTS = [("written", "书面协议"), ("oral", "口头协议")]
    PERFORMANCE = [("done", "已履行"), ("partly", "部分履行"), ("not", "未履行")]

    code = models.CharField("编号", max_length=20, unique=True)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="disputes",
                                verbose_name="村/社区")
    level = models.CharField("调解层级", max_length=8, choices=LEVELS)
    kind = models.CharField("纠纷类型", max_length=16, choices=KINDS, db_index=True)
    description = models.TextField("纠纷简要情况")
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    # One month from registration, restarted at each escalation (人民调解法 closes a case within it).
    limit_at = models.DateTimeField("调解期限")
    mediators = models.ManyToManyField(Mediator, blank=True, related_name="disputes", verbose_name="说事员")
    way = models.CharField("评理方式", max_length=16, choices=WAYS, blank=True)
    agreement = models.CharField("协议形式", max_length=8, choices=AGREEMENTS, blank=True)
    agreement_text = models.TextField("协议内容", blank=True)
    agreed_at = models.DateTimeField("达成协议时间", null=True, blank=True)
    performance = models.CharField("履行情况", max_length=8, choices=PERFORMANCE, blank=True)
    follow_up = models.TextField("回访记录", blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = "矛盾纠纷"

    def __str__(self):
        return self.code


class DisputeParty(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField("当事人", max_length=50)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
