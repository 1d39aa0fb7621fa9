"""Forms of 包保: the input read (the unit by its code, the department by its id, dates); the checks of
content are the services'."""

from django import forms

from zhenxing.core.feedback import whole_number
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access
from zhenxing.orgs.forms import DayField, ServiceForm, unit_by_code
from zhenxing.orgs.models import Department


class DutyForm(ServiceForm):
    kind = forms.CharField(label="类型", required=False,
                           help_text="、".join(f"{k}={v}" for k, v in Duty.KINDS))
    unit = forms.CharField(label="包保单位代码", help_text="村、街道或区（县）的单位代码")
    department = forms.CharField(label="部门", required=False, help_text="部门 id（部门职责）")
    holder_name = forms.CharField(label="责任人", required=False, max_length=50)
    holder_title = forms.CharField(label="职务", required=False, max_length=100)
    subject = forms.CharField(label="包保事项", required=False, max_length=300)
    started_on = DayField(label="起始日期", required=False, help_text="YYYY-MM-DD")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_unit(self):
        return unit_by_code(self.actor, self.cleaned_data["unit"], access.MANAGE_TASKS)

    def clean_department(self):
        text = self.cleaned_data["department"].strip()
        if not text:
            return None
        found = Department.objects.filter(pk=whole_number(text) or 0).first()
        if found is None:
            raise forms.ValidationError(f"部门“{text}”不存在")
        return found


class EndForm(ServiceForm):
    ended_on = DayField(label="结束日期", required=False, help_text="YYYY-MM-DD")
