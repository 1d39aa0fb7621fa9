"""Forms of the party member teams: a team, a member, an activity with each member's hours. The checks of
content are the services' (their Chinese messages); the forms read the input: dates, the unit by its code,
the person in scope, the hours."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core.feedback import whole_number
from zhenxing.governance.forms import DayField, ServiceForm
from zhenxing.governance.teams.models import Activity, Team, TeamMember
from zhenxing.orgs import access
from zhenxing.orgs.forms import unit_by_code
from zhenxing.people import selectors as people_selectors


def _choices(pairs) -> str:
    return "、".join(f"{k}={v}" for k, v in pairs)


class TeamForm(ServiceForm):
    unit = forms.CharField(label="所属单位代码", help_text="村或街道的单位代码")
    name = forms.CharField(label="队伍名称", required=False)
    kind = forms.CharField(label="类型", required=False, help_text=_choices(Team.KINDS))
    founded_on = DayField(label="成立日期", required=False, help_text="YYYY-MM-DD")
    description = forms.CharField(label="主要任务", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_unit(self):
        return unit_by_code(self.actor, self.cleaned_data["unit"], access.MANAGE_TEAMS)


class MemberForm(ServiceForm):
    person = forms.CharField(label="队员", required=False, help_text="人员 id（本单位的人员）")
    role = forms.CharField(label="职务", required=False, help_text=_choices(TeamMember.ROLES))
    joined_on = DayField(label="入队日期", required=False, help_text="YYYY-MM-DD")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_person(self):
        try:
            pk = whole_number(self.cleaned_data["person"]) or 0
            return people_selectors.person(actor=self.actor, pk=pk)
        except Http404:
            raise ValidationError("请选择队员") from None


class ActivityForm(ServiceForm):
    """Hours come as `hours` {person id: hours} (the API) or one `hours_<person id>` field per member (the
    page); a member left blank did not take part."""

    kind = forms.CharField(label="类型", required=False, help_text=_choices(Activity.KINDS))
    title = forms.CharField(label="活动名称", required=False)
    held_on = DayField(label="日期", required=False, help_text="YYYY-MM-DD，不晚于今天")
    place = forms.CharField(label="地点", required=False)
    description = forms.CharField(label="内容", required=False)
    hours = forms.JSONField(label="服务时长", required=False,
                            help_text="参与队员的服务时长（小时）：{人员 id: 小时}，如 {\"12\": 2.5}")

    def clean_hours(self):
        given = self.cleaned_data["hours"] or {}
        if not isinstance(given, dict):
            raise ValidationError("服务时长应为 {人员 id: 小时}")
        hours = {}
        for key, value in given.items():
            person = whole_number(key)
            if person is None:
                raise ValidationError(f"人员 id“{key}”应为整数")
            hours[person] = value
        for key in self.data:
            person = whole_number(key.removeprefix("hours_")) if key.startswith("hours_") else None
            if person is not None and str(self.data[key]).strip():
                hours[person] = self.data[key]
        return hours
