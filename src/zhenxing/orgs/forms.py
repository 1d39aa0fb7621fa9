"""The base of forms whose checks live in a service: every message in Chinese naming its field, the
server checking everything (no browser `required`), and a service's ValidationError put back on the
field it names."""

from django import forms
from django.core.exceptions import ValidationError


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
