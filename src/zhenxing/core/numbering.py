"""Readable record numbers, `PREFIX-YEAR-NNNNNN` (DESIGN.md: 案件编号, 申请编号 …), unique per table.

The next number is one more than the highest of the year; two clerks saving at the same moment both
read the same highest, and the unique `code` column refuses the second, which then takes the next.

On PostgreSQL the savers of one series also queue on a transaction-scoped advisory lock, held from
reading the highest number until their transaction commits: without it, under steady concurrent
intake every saver read the same committed highest while the others' new rows were still
uncommitted, each retry waited for one of them to commit and collided again, and 8% of the case
reports over the API failed after five tries (bench/cases.py, 4 connections). SQLite serialises
writers by itself.
"""

import zlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max


def next_code(model, prefix: str, year: int, offset: int = 0, width: int = 6) -> str:
    stem = f"{prefix}-{year}-"
    last = model.objects.filter(code__startswith=stem).aggregate(m=Max("code"))["m"]
    return f"{stem}{(int(last[len(stem) :]) if last else 0) + 1 + offset:0{width}d}"


def save_with_code(obj, prefix: str, year: int, width: int = 6) -> None:
    """Save a new row under the next free code, trying the next one when a concurrent save took it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            key = zlib.crc32(f"{type(obj)._meta.db_table}:{prefix}-{year}".encode())
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        for _ in range(5):
            obj.code = next_code(type(obj), prefix, year, width=width)
            try:
                with transaction.atomic():
                    obj.save()
                return
            except IntegrityError:
                obj.pk = None
    raise ValidationError({"code": "编号分配冲突，请重试"})
