"""Form fields the governance modules share, so that a page and its API operation (orgs.actions) check the
same input with the same Chinese messages as the services: a day typed as YYYY-MM-DD, a record chosen by
its id within the actor's scope, and several files in one field (a visit's photos)."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core.feedback import whole_number
from zhenxing.orgs.forms import DayField, FilesField, ServiceForm


class ScopedChoice(forms.CharField):
    """A record's id, looked up with `lookup(pk)` (a selector bound to the actor): one that is missing or
    outside the actor's scope is the field's message, not a 404 of the whole request."""

    def __init__(self, *args, lookup=None, missing="", **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)
        self.lookup, self.missing = lookup, missing

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        pk = whole_number(text)
        try:
            if pk is None:
                raise Http404
            return self.lookup(pk)
        except Http404:
            raise ValidationError(self.missing.format(text), code="invalid") from None


__all__ = ["DayField", "FilesField", "ScopedChoice", "ServiceForm"]
