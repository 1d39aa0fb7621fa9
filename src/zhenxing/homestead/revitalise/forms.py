"""Forms of 闲置盘活: an idle survey, a project, linking a parcel to a project."""

from django import forms

from zhenxing.homestead.formkit import RecordForm, VillageChoice, choice
from zhenxing.homestead.revitalise.models import IdleSurvey, RevitalisationProject

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class SurveyForm(RecordForm):
    surveyed_on = forms.DateField(label="调查日期")
    idle_kind = choice(IdleSurvey.KINDS, "闲置类型")
    condition = choice(IdleSurvey.CONDITIONS, "房屋状况")
    intention = choice(IdleSurvey.INTENTIONS, "农户意愿")
    surveyor = forms.CharField(label="调查人", max_length=100)
    note = forms.CharField(label="备注", max_length=500, required=False)


class ProjectForm(VillageChoice):
    name = forms.CharField(label="项目名称", max_length=100)
    kind = choice(RevitalisationProject.KINDS, "项目类型")
    village = forms.ChoiceField(label="所在村")
    operator_name = forms.CharField(label="经营主体", max_length=100)
    operator_kind = choice(RevitalisationProject.OPERATOR_KINDS, "主体类型")
    investment_yuan = forms.DecimalField(label="总投资（元）", **MONEY)
    social_investment_yuan = forms.DecimalField(label="其中社会投资（元）", **MONEY)
    started_on = forms.DateField(label="开工日期")
    status = choice(RevitalisationProject.STATUSES, "项目状态")
    description = forms.CharField(label="项目简介", widget=forms.Textarea, required=False)

    def project_args(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "village"}


class ProjectEditForm(ProjectForm):
    village = None  # a project does not move


class LinkForm(RecordForm):
    parcel = forms.CharField(label="宗地代码", max_length=19)
