"""The forms of modules 5–7: fields declared as data, values read from the POST, and the services'
ValidationErrors shown beside the fields they name (and at the top, each with its field's label)."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text, date, money, select, checkbox, textarea
    options: tuple = ()
    help: str = ""
    required: bool = True


def parse_date(raw) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def errors_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def render_form(
    request,
    *,
    title: str,
    fields: list[Field],
    values: dict,
    errors: dict | None = None,
    intro: str = "",
    back: str = "",
    submit: str = "保存",
    status: int = 200,
):
    errors = errors or {}
    labels = {f.name: f.label for f in fields}
    rows = [(f, values.get(f.name, ""), errors.get(f.name, [])) for f in fields]
    # Errors of fields the form does not show (a parcel's state, a code clash) go to the summary alone.
    summary = [(labels.get(name, ""), message) for name, messages in errors.items() for message in messages]
    return render(
        request,
        "homestead/field_form.html",
        {
            "title": title,
            "rows": rows,
            "summary": summary,
            "intro": intro,
            "back": back,
            "submit": submit,
        },
        status=status,
    )


# --- the same fields as a Django form, for orgs.actions ----------------------------------------------------
# These pages leave every check to the service, which names all the problems at once; so the form's fields
# only carry what was sent (typed, for the API's schema) and refuse nothing.

class _Kept:
    def clean(self, value):
        return "" if value is None else str(value)


class _KeptText(_Kept, forms.CharField):
    pass


class _KeptChoice(_Kept, forms.ChoiceField):
    pass


class _KeptMoney(forms.DecimalField):
    widget = forms.TextInput

    def clean(self, value):
        return "" if value is None or isinstance(value, bool) else value


class _KeptDate(forms.DateField):
    widget = forms.TextInput

    def clean(self, value):
        return value if isinstance(value, date) else parse_date(value)


class _KeptCheckbox(forms.BooleanField):
    widget = forms.TextInput  # the raw value: the page's checkbox sends "1", JSON sends true

    def clean(self, value):
        return value is True or str(value).lower() in ("1", "true", "on")


def _form_field(f: Field) -> forms.Field:
    common = {"label": f.label, "help_text": f.help, "required": f.required}
    if f.kind == "select":
        return _KeptChoice(choices=list(f.options), **common)
    if f.kind == "date":
        return _KeptDate(**common)
    if f.kind == "money":
        return _KeptMoney(max_digits=14, decimal_places=2, min_value=0, **common)
    if f.kind == "checkbox":
        return _KeptCheckbox(**{**common, "required": False})
    return _KeptText(widget=forms.Textarea if f.kind == "textarea" else None, **common)


class FieldsForm(forms.Form):
    def __init__(self, data=None, files=None, *, actor=None, record=None, **kwargs):
        self.actor, self.record = actor, record
        super().__init__(data, files, **kwargs)


def form_of(name: str, fields: list[Field]) -> type[FieldsForm]:
    """A Django form of these fields, for the page's Action (orgs.actions): its `cleaned_data` is what the
    page reads from the POST, a date parsed (None when it does not parse), a checkbox a bool."""
    return type(name, (FieldsForm,), {f.name: _form_field(f) for f in fields})


def write(request, action, record=None):
    """A page's POST through its Action (orgs.actions), as the API takes it: (what was written, None) or
    (None, the service's errors by field)."""
    form = action.bind(request.actor, request.POST, record=record)
    form.is_valid()  # the form refuses nothing: the service checks every field
    try:
        return action.perform(request.actor, form, record), None
    except ValidationError as exc:
        return None, errors_of(exc)
