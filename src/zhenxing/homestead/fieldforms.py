"""The forms of modules 5–7: fields declared as data, values read from the POST, and the services'
ValidationErrors shown beside the fields they name (and at the top, each with its field's label)."""

from dataclasses import dataclass
from datetime import date

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
