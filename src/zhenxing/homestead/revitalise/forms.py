"""Forms of 闲置盘活: an idle survey, a project, linking a parcel to a project and releasing it."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].error_messages["required"] = "请填写要纳入项目的宗地代码"


class UnlinkForm(RecordForm):
    """The page's 移出项目 button names the parcel by its id."""

    parcel = forms.IntegerField(label="宗地", min_value=1, widget=forms.HiddenInput,
                                help_text="宗地 id（项目宗地列表中的 parcel_id）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gone = "宗地不存在或不在您的管辖范围内"
        self.fields["parcel"].error_messages.update({"invalid": gone, "min_value": gone,
                                                     "required": "请选择要移出项目的宗地"})
