from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, exc: ValidationError) -> None:
    """Show a service's validation errors (already in Chinese) on the next page."""
    for text in exc.messages:
        messages.error(request, text)
