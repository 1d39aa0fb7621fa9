"""积分申报 forms: a claim (with its evidence) and a 三会一课 record, for the pages and the API alike. Each
field is checked here so that every message comes at once; the services check again when they write."""

from django import forms
from django.core.exceptions import ValidationError

from zhenxing.core.feedback import whole_number
from zhenxing.orgs import access
from zhenxing.orgs.forms import ServiceForm
from zhenxing.orgs.models import PartyOrg
from zhenxing.people.models import PartyMember
from zhenxing.points.claims import selectors
from zhenxing.points.claims.models import Meeting
from zhenxing.points.dates import parse_day
from zhenxing.points.rules.models import RuleItem, Scheme

BRANCH_KINDS = ("village_committee", "village_general_branch", "village_branch")


def _day(value: str, field: str, label: str):
    try:
        day = parse_day(value, field, label)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    if day is None:
        raise ValidationError(f"请填写{label}")
    return day


class ClaimForm(ServiceForm):
    scheme = forms.CharField(label="积分方案", required=False, help_text="积分方案代码")
    holder = forms.CharField(label="积分对象", required=False,
                             help_text="农户的户编号，或党员姓名（重名时写“姓名（党组织）”）")
    item = forms.CharField(label="积分条目", required=False, help_text="积分条目 id")
    quantity = forms.CharField(label="数量（次/小时）", required=False, help_text="默认 1")
    occurred_on = forms.CharField(label="发生日期", required=False, help_text="YYYY-MM-DD")
    description = forms.CharField(label="事由", required=False, widget=forms.Textarea)
    photos = forms.FileField(label="佐证材料", required=False, help_text="照片或文件，可多份")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_scheme(self):
        found = Scheme.objects.filter(code=self.cleaned_data["scheme"].strip(), active=True).first()
        if found is None:
            raise ValidationError("请选择积分方案")
        return found

    def clean_holder(self):
        scheme = self.cleaned_data.get("scheme")
        if scheme is None:
            return None
        try:
            return selectors.find_holder(actor=self.actor, scheme=scheme, text=self.cleaned_data["holder"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_item(self):
        found = RuleItem.objects.select_related("book", "category").filter(
            pk=whole_number(self.cleaned_data["item"]) or 0).first()
        if found is None:
            raise ValidationError("请选择积分条目")
        return found

    def clean_quantity(self):
        return self.cleaned_data["quantity"].strip() or "1"

    def clean_occurred_on(self):
        return _day(self.cleaned_data["occurred_on"], "occurred_on", "发生日期")

    def clean_description(self):
        if not self.cleaned_data["description"].strip():
            raise ValidationError("请填写事由")
        return self.cleaned_data["description"]


def branches(actor):
    return access.scoped(PartyOrg.objects.filter(kind__in=BRANCH_KINDS), actor,
                         access.PROPOSE_POINTS).order_by("path", "name")


class MeetingForm(ServiceForm):
    branch = forms.CharField(label="党组织", required=False, help_text="党组织 id")
    kind = forms.CharField(label="类型", required=False,
                           help_text="：".join(("取值", "、".join(f"{k}={v}" for k, v in Meeting.KINDS))))
    held_on = forms.CharField(label="会议日期", required=False, help_text="YYYY-MM-DD")
    topic = forms.CharField(label="主题", required=False)
    attendees = forms.MultipleChoiceField(label="出席党员", required=False, help_text="出席党员 id 的列表")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["attendees"].valid_value = lambda value: True  # checked against the branch below

    def clean_branch(self):
        found = branches(self.actor).filter(pk=whole_number(self.cleaned_data["branch"]) or 0).first()
        if found is None:
            raise ValidationError("请选择党组织")
        return found

    def clean_kind(self):
        if self.cleaned_data["kind"] not in dict(Meeting.KINDS):
            raise ValidationError("请选择会议类型（党员大会、支委会、党小组会、党课）")
        return self.cleaned_data["kind"]

    def clean_held_on(self):
        return _day(self.cleaned_data["held_on"], "held_on", "会议日期")

    def clean_topic(self):
        if not self.cleaned_data["topic"].strip():
            raise ValidationError("请填写会议主题")
        return self.cleaned_data["topic"]

    def clean(self):
        data = super().clean()
        branch = data.get("branch")
        picked = {whole_number(v) for v in data.get("attendees") or ()}
        members = list(PartyMember.objects.filter(branch=branch, pk__in=picked - {None})) if branch else []
        if branch is not None and not members:
            self.add_error("attendees", "请至少选择一名出席党员")
        data["attendees"] = members
        return data
