from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, exc: ValidationError) -> None:
    """Show a service's validation errors (already in Chinese) on the next page."""
    for text in exc.messages:
        messages.error(request, text)


def whole_number(text, max_digits: int = 12) -> int | None:
    """A non-negative integer typed into a form or a query string, or None. Only ASCII digits: str.isdigit
    accepts '²', which int() refuses; and a bounded length, so an id fits the database's bigint."""
    text = str(text or "").strip()
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)
