"""The 政策制度 forms: a policy with its first version, a later version, and the policy's description."""

from django import forms

from zhenxing.homestead.formkit import RecordForm, choice
from zhenxing.homestead.policies import rules
from zhenxing.homestead.policies.models import Policy
from zhenxing.homestead.policies.services import rule_field


class VersionText(RecordForm):
    effective_from = forms.DateField(label="施行日期")
    effective_to = forms.DateField(label="失效日期", required=False, help_text="长期有效可不填")
    text = forms.CharField(label="全文", widget=forms.Textarea)
    change_note = forms.CharField(label="修订说明", max_length=500, required=False)
    attachment = forms.FileField(label="附件（PDF、Word 或图片）", required=False)


# One field per rule, declared on the class (not added per instance) so that the API's schema, read from
# the form's declared fields, names every rule too.
VersionRules = type(VersionText)("VersionRules", (VersionText,), {
    "__module__": __name__,
    **{
        rule_field(key): forms.CharField(
            label=f"{rule.label}（{rule.unit}）",
            required=False,
            help_text="本版本设定该规则时填写；新版本预填上一版本的值，清空则不再设定",
        )
        for key, rule in rules.RULES.items()
    },
})


class VersionFields(VersionRules):
    def version_args(self) -> dict:
        d = self.cleaned_data
        return {
            "effective_from": d["effective_from"],
            "effective_to": d.get("effective_to"),
            "text": d["text"],
            "change_note": d.get("change_note", ""),
            "upload": d.get("attachment"),
            "rules": {key: d.get(rule_field(key), "") for key in rules.RULES},
        }


class PolicyDescription(RecordForm):
    title = forms.CharField(label="标题", max_length=200)
    number = forms.CharField(label="文号", max_length=100, required=False)
    issuer = forms.CharField(label="发文机关", max_length=100)
    level = choice(Policy.LEVELS, "层级")
    category = choice(Policy.CATEGORIES, "类别")


class PolicyForm(PolicyDescription, VersionFields):
    field_order = ["title", "number", "issuer", "level", "category", "effective_from", "effective_to", "text"]

    def policy_args(self) -> dict:
        d = self.cleaned_data
        return {
            **{k: d[k] for k in ("title", "number", "issuer", "level", "category")},
            **self.version_args(),
        }


class VersionForm(VersionFields):
    pass


class PolicyEditForm(PolicyDescription):
    status = choice(Policy.STATUSES, "状态")
    repealed_on = forms.DateField(label="废止日期", required=False, help_text="废止时填写")

    def edit_args(self) -> dict:
        return dict(self.cleaned_data)
