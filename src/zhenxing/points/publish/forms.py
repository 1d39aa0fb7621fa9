"""积分公示 forms: an objection (申诉) to a publication and its resolution, a ranking's publication and the
year close, for the pages and the API alike. The services check again when they write; these give every
message at once."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core.feedback import whole_number
from zhenxing.orgs import access
from zhenxing.orgs.forms import ServiceForm
from zhenxing.orgs.selectors import org_unit
from zhenxing.points.publish import selectors, services


class ObjectionForm(ServiceForm):
    publication = forms.CharField(label="公示", required=False, help_text="公示 id")
    holder = forms.CharField(label="申诉对象", required=False,
                             help_text="household:<户 id> 或 member:<党员 id>；村民不填为本户")
    text = forms.CharField(label="申诉内容", required=False, widget=forms.Textarea)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_publication(self):
        """Outside the scope, or staff who only read the registers (they do not object): 404."""
        pub = selectors.publication(actor=self.actor, pk=whole_number(self.cleaned_data["publication"]) or 0)
        on_behalf = self.actor.can(access.PROPOSE_POINTS, pub.path) or \
            self.actor.can(access.APPROVE_POINTS, pub.path)
        if not on_behalf and not selectors.own_holders(actor=self.actor):
            raise Http404
        return pub

    def clean_holder(self):
        holder = self.cleaned_data["holder"].strip()
        own = selectors.own_holders(actor=self.actor)
        if not holder and own:
            return own[0]
        if not holder:
            raise ValidationError("请选择申诉对象")
        return holder

    def clean_text(self):
        if not self.cleaned_data["text"].strip():
            raise ValidationError("请填写申诉内容")
        return self.cleaned_data["text"]


class ResolveForm(ServiceForm):
    outcome = forms.ChoiceField(label="处理结果",
                                choices=[("upheld", "申诉成立"), ("dismissed", "申诉不成立")])
    resolution = forms.CharField(label="处理意见", required=False, widget=forms.Textarea)
    entry = forms.CharField(label="更正记账", required=False,
                            help_text="申诉对象在本方案中的积分记录编号（可不填）")

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages.update(required="请选择处理结果",
                                                     invalid_choice="请选择处理结果")

    def clean(self):
        data = super().clean()
        if not (data.get("resolution") or "").strip():
            upheld = data.get("outcome") == "upheld"
            self.add_error("resolution", "申诉成立须在处理意见中写明更正内容" if upheld else "请填写处理意见")
        return data


class PublishForm(ServiceForm):
    scheme = forms.CharField(label="积分方案", required=False, help_text="积分方案代码")
    unit = forms.CharField(label="村/社区或网格", required=False, help_text="单位代码（按党支部排名时不填）")
    branch = forms.CharField(label="党支部", required=False, help_text="党支部 id（党员积分按支部排名）")
    period = forms.CharField(label="期间", required=False, help_text="2024、2024-05 或 2024-Q2")
    objection_days = forms.CharField(label="申诉期（天）", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        data = super().clean()
        for name, parse in (
                ("scheme", lambda: selectors.scheme(data.get("scheme", "").strip(), actor=self.actor)),
                ("unit", lambda: selectors.rank_unit(actor=self.actor, code=data.get("unit", "").strip(),
                                                     branch=data.get("branch", "").strip())),
                ("period", lambda: selectors.parse_period(data.get("period", "")))):
            try:
                data[name] = parse()
            except ValidationError as exc:
                data[name] = None
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return data


class YearCloseForm(ServiceForm):
    """The year close of a county: the page takes the county from its URL."""

    county = forms.CharField(label="区县", required=False, help_text="区县的单位代码")
    scheme = forms.CharField(label="积分方案", required=False, help_text="积分方案代码")
    year = forms.CharField(label="年度", required=False, help_text="已经过去的年度，如 2024")
    top_n = forms.CharField(label="每村表彰名额", required=False, help_text="0–1000")
    title = forms.CharField(label="荣誉称号", required=False,
                            help_text="不填：文明家庭（农户）或星级党员（党员）")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_county(self):
        """A county the actor may close; outside the scope (or no such unit): 404, as the page."""
        code = self.cleaned_data["county"].strip()
        if not code:
            raise ValidationError("请填写区县")
        return org_unit(actor=self.actor, code=code, capability=access.MANAGE_POINT_RULES)

    def clean(self):
        data = super().clean()
        county = data.get("county")
        errors, data["year"], data["top_n"] = services.close_errors(
            county=county, year=data.get("year"), top_n=data.get("top_n"))
        if county is not None:
            try:
                data["scheme"] = selectors.scheme((data.get("scheme") or "").strip(), actor=self.actor,
                                                  within=county.path)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        for field, message in errors.items():
            self.add_error(field, message)
        return data
