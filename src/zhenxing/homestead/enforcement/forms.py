"""Forms of 执法监管: an inspection, a violation."""

from django import forms

from zhenxing.homestead.enforcement.models import Inspection, Violation
from zhenxing.homestead.formkit import VillageChoice, choice
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


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
    inspection = forms.IntegerField(label="来源检查", required=False, min_value=1, widget=forms.HiddenInput)

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
