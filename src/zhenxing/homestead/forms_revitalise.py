"""The forms of 闲置盘活 and 执法监管. Village choices are the villages the actor manages."""

from django import forms

from zhenxing.homestead.formkit import RecordForm, choice
from zhenxing.homestead.models import IdleSurvey, Inspection, Parcel, RevitalisationProject, Violation
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class VillageChoice(RecordForm):
    """A form with a 村/社区 field limited to the villages the actor may manage."""

    village_required = True

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)
        if "village" in self.fields:
            managed = org_selectors.villages(actor=actor, capability=access.MANAGE_HOMESTEAD)
            options = list(managed.values_list("code", "name"))
            self.fields["village"].choices = options if self.village_required else [("", "—"), *options]

    def village(self) -> OrgUnit | None:
        code = self.cleaned_data.get("village")
        return OrgUnit.objects.filter(code=code).first() if code else None


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


class InspectionForm(VillageChoice):
    village = forms.ChoiceField(label="村/社区")
    inspected_on = forms.DateField(label="检查日期")
    kind = choice(Inspection.KINDS, "检查类型")
    inspectors = forms.CharField(label="检查人员", max_length=200)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea)


class ViolationForm(VillageChoice):
    village_required = False
    parcel = forms.CharField(
        label="宗地代码", max_length=19, required=False, help_text="涉及宗地时填写，村/社区随宗地"
    )
    village = forms.ChoiceField(label="村/社区", required=False)
    kind = choice(Violation.KINDS, "违法类型")
    found_on = forms.DateField(label="发现日期")
    description = forms.CharField(label="情况描述", widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        code = (data.get("parcel") or "").strip().upper()
        data["parcel_obj"] = None
        if code:
            found = access.scoped(
                Parcel.objects.filter(code=code), self.actor, access.MANAGE_HOMESTEAD
            ).first()
            if found is None:
                self.add_error("parcel", f"宗地代码“{code}”不存在或不在您的管辖范围内")
            data["parcel_obj"] = found
        elif not data.get("village") and "village" not in self.errors:
            self.add_error("village", "请选择村/社区，或填写宗地代码")
        return data
