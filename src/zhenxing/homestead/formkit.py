"""Forms of the homestead registers (闲置盘活, 执法监管, 政策制度): Chinese messages that name the field,
a service's ValidationError shown on the form it came from, and 400 for a rejected form."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render

from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.Form):
    """Messages say which field is wrong, in the words of the field's label. The server checks every
    field (no browser `required`), so all the messages come in the same Chinese, all at once."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label
            field.error_messages["required"] = f"请填写{label}"
            field.error_messages["invalid_choice"] = f"请从列表中选择{label}"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{label}应为日期，格式 YYYY-MM-DD"
                field.widget = DATE
            elif isinstance(field, forms.DecimalField | forms.IntegerField):
                field.error_messages["invalid"] = f"{label}应为数字"

    def named_errors(self) -> list[str]:
        """ "标签：消息" for every error, in field order."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            out += [f"{label}：{e}" if label and not e.startswith(f"“{label}") else e for e in errors]
        return out


def absorb(form: RecordForm, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (unknown keys go to the form as a whole)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            form.add_error(target, error.messages)


def page(request, template: str, form: RecordForm, context: dict):
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, template, {"form": form, "error_list": form.named_errors(), **context}, status=status
    )


def choice(choices, label: str, required: bool = True) -> forms.ChoiceField:
    options = choices if required else [("", "—"), *choices]
    return forms.ChoiceField(label=label, choices=options, required=required)


def posted(request):
    """The form's data: bound on every POST, even an empty one (so it is rejected, not shown blank)."""
    return request.POST if request.method == "POST" else None


def uploads(request):
    return request.FILES if request.method == "POST" else None


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


