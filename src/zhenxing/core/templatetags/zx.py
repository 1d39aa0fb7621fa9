from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cell(value):
    """A register cell: ISO dates (what staff type in Excel), 是/否, blanks for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    return value


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (labels of states and the like), '' when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def thousands(value):
    """142485 → 142,485: how a county clerk reads a count."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
