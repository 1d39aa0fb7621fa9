"""The base of forms whose checks live in a service: every message in Chinese naming its field, the
server checking everything (no browser `required`), and a service's ValidationError put back on the
field it names."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.orgs import selectors


class ServiceForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_the_fields()

    def name_the_fields(self) -> None:
        """Call again after adding fields in a subclass's __init__."""
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}"
            field.error_messages["invalid_choice"] = f"请从列表中选择{field.label}"
            field.error_messages["invalid"] = self.invalid_message(field)

    def invalid_message(self, field: forms.Field) -> str:
        return f"{field.label}格式不正确"

    def named_errors(self) -> list[str]:
        return [f"{self.fields[n].label}：{e}" if n in self.fields else e
                for n, errors in self.errors.items() for e in errors]

    def absorb(self, exc: ValidationError) -> None:
        # A ValidationError has error_dict or error_list, never both.
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for name, errors in by_field.items():
            for e in errors:
                self.add_error(name if name in self.fields else None, e.messages)


class DayField(forms.CharField):
    """A date typed as YYYY-MM-DD (the page's date input sends that); blank is None."""

    def to_python(self, value):
        text = super().to_python(value).strip()
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise ValidationError("日期格式应为 YYYY-MM-DD", code="invalid") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Any number of files under one name (the page's `<input type=file multiple>`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(FilesField, self).clean(f, initial) for f in files]


def unit_by_code(actor, text: str, capability: str):
    """The unit with this code where the actor holds `capability`; else the field's message (not a 404)."""
    code = (text or "").strip()
    try:
        return selectors.org_unit(actor=actor, code=code, capability=capability)
    except Http404:
        raise ValidationError(f"单位“{code}”不存在或不在您的管辖范围内") from None
