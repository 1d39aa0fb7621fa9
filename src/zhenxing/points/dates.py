"""A day typed into a points form (YYYY-MM-DD): the claims and meeting forms and the shop's stock-in."""

from datetime import date

from django.core.exceptions import ValidationError


def parse_day(text: str, field: str, label: str) -> date | None:
    """The day typed (spaces around it ignored), None when left empty; otherwise refused naming the field."""
    try:
        return date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        raise ValidationError({field: f"{label}格式应为 YYYY-MM-DD"}) from None
