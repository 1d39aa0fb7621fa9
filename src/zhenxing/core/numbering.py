"""Readable record numbers, `PREFIX-YEAR-NNNNNN` (DESIGN.md: 案件编号, 申请编号 …), unique per table.

The next number is one more than the highest of the year; two clerks saving at the same moment both
read the same highest, and the unique `code` column refuses the second, which then takes the next.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max


def next_code(model, prefix: str, year: int, offset: int = 0, width: int = 6) -> str:
    stem = f"{prefix}-{year}-"
    last = model.objects.filter(code__startswith=stem).aggregate(m=Max("code"))["m"]
    return f"{stem}{(int(last[len(stem) :]) if last else 0) + 1 + offset:0{width}d}"


def save_with_code(obj, prefix: str, year: int, width: int = 6) -> None:
    """Save a new row under the next free code, trying the next one when a concurrent save took it."""
    for _ in range(5):
        obj.code = next_code(type(obj), prefix, year, width=width)
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:
            obj.pk = None
    raise ValidationError({"code": "编号分配冲突，请重试"})
