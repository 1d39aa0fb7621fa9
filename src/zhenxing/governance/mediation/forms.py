"""Forms of 评理说事: a point, a 说事员, a dispute, a file of its 卷宗 — the page's and the API's input."""

from django import forms

from zhenxing.core.feedback import whole_number
from zhenxing.governance.forms import DayField
from zhenxing.governance.mediation import selectors
from zhenxing.governance.mediation.models import Dispute, Mediator
from zhenxing.governance.mediation.workflows import CASE_FILE
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

VILLAGE_ERRORS = {"required": "请选择村/社区", "invalid_choice": "请选择村/社区"}
KIND_ERRORS = {"required": "请选择纠纷类型", "invalid_choice": "请选择纠纷类型"}


def mediate_villages(actor):
    qs = OrgUnit.objects.filter(level="village")
    return OrgUnit.objects.filter(pk__in=[v.pk for v in access.scoped(qs, actor, access.MEDIATE)
                                          .order_by("path")[:500]])


class PointForm(forms.Form):
    village = forms.ModelChoiceField(OrgUnit.objects.none(), label="村/社区", error_messages=VILLAGE_ERRORS,
                                     help_text="村/社区的 id")
    name = forms.CharField(label="名称", max_length=100, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    open_hours = forms.CharField(label="开放时间", max_length=100, required=False,
                                 initial="每周一至周五 8:30–17:00")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = mediate_villages(actor)


class MediatorForm(forms.Form):
    """Every check but the date's format is the service's, so a missing person and a wrong identity are
    told together."""

    person = forms.CharField(label="说事员", required=False, help_text="本村人员的 id")
    kind = forms.CharField(label="身份", required=False,
                           help_text="、".join(f"{k}={v}" for k, v in Mediator.KINDS))
    since = DayField(label="任职日期", required=False, help_text="YYYY-MM-DD")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_person(self):
        return selectors.person_in_scope(actor=self.actor, pk=whole_number(self.cleaned_data["person"]))


class DisputeForm(forms.Form):
    village = forms.ModelChoiceField(OrgUnit.objects.none(), label="村/社区", error_messages=VILLAGE_ERRORS,
                                     help_text="纠纷发生地村/社区的 id")
    level = forms.ChoiceField(label="调解层级", choices=Dispute.LEVELS, initial="village")
    group = forms.CharField(label="村民小组代码（组级调解）", max_length=16, required=False)
    kind = forms.ChoiceField(label="纠纷类型", choices=Dispute.KINDS,
                             error_messages=KIND_ERRORS)
    description = forms.CharField(label="纠纷简要情况", widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)
    party_1 = forms.CharField(label="当事人一", max_length=50, required=False)
    person_1 = forms.IntegerField(label="当事人一人员编号（可选）", required=False, min_value=1)
    party_2 = forms.CharField(label="当事人二", max_length=50, required=False)
    person_2 = forms.IntegerField(label="当事人二人员编号（可选）", required=False, min_value=1)
    party_3 = forms.CharField(label="当事人三（可选）", max_length=50, required=False)
    person_3 = forms.IntegerField(label="当事人三人员编号（可选）", required=False, min_value=1)
    mediators = forms.ModelMultipleChoiceField(Mediator.objects.none(), label="当事人选定的说事员",
                                               required=False, widget=forms.CheckboxSelectMultiple,
                                               help_text="说事员的 id 列表")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = mediate_villages(actor)
        self.fields["mediators"].queryset = access.scoped(
            Mediator.objects.select_related("person", "point__village"), actor, access.MEDIATE)
        self.fields["mediators"].label_from_instance = lambda m: f"{m.point.village.name} {m}"


class FileForm(forms.Form):
    slot = forms.ChoiceField(label="材料类别", choices=CASE_FILE,
                             error_messages={"required": "请选择卷宗材料类别",
                                             "invalid_choice": "请选择卷宗材料类别"})
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件"})
