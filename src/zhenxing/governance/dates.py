"""Dates typed into the governance forms: read as YYYY-MM-DD, and a day that must be given and may not lie
in the future (a visit, a team's founding, a member's joining, an activity, a mediator's appointment)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def day(text: str, field: str = "date") -> date | None:
    """The date typed as YYYY-MM-DD, None when blank; anything else a ValidationError on `field`."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationError({field: "日期格式应为 YYYY-MM-DD"}) from None


def past_problem(value: date | None, label: str) -> str:
    """What is wrong with a day that must be given and not be after today ("" when nothing is)."""
    if value is None:
        return f"请填写{label}"
    if value > timezone.localdate():
        return f"{label}不能晚于今天"
    return ""
