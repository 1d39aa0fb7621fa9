"""Many rows of one table written fast: the demo's history is tens of thousands of steps, entries and claims.

Like demo.population.insert_rows (one prepared statement, executemany, ids given, the sequence reset
afterwards), for rows given as keyword arguments: a field not given takes its default (an auto_now_add
time: the moment the table was opened), JSON is encoded as the database expects. bulk_create builds a
model and compiles its SQL row by row, an order of magnitude slower at this size.
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

BATCH = 5000


class Table:
    def __init__(self, model):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.rows: list[dict] = []
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                self.defaults[f.attname] = now
            else:
                self.defaults[f.attname] = f.get_default()  # "" for text without a default, as Django

    def add(self, **values) -> int:
        """Queue a row (attnames: `village_id`, not `village`); returns its id."""
        pk = values.setdefault(self.model._meta.pk.attname, self.next_id)
        self.next_id = max(self.next_id, pk + 1)
        self.rows.append(values)
        return pk

    def add_instance(self, obj) -> int:
        """Queue an unsaved model instance as it stands (a field left None takes its default); sets its id."""
        obj.pk = self.add(**{f.attname: v for f in self.fields if (v := getattr(obj, f.attname)) is not None})
        return obj.pk

    def write(self) -> int:
        ops = connection.ops
        names = [f.attname for f in self.fields]
        unknown = set().union(*self.rows) - set(names) if self.rows else set()
        if unknown:
            raise TypeError(f"{self.model.__name__}: no field {sorted(unknown)}")
        adapt = [adapter(f) for f in self.fields]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            ops.quote_name(self.model._meta.db_table),
            ", ".join(ops.quote_name(f.column) for f in self.fields), ", ".join(["%s"] * len(self.fields)))
        pairs = [(n, self.defaults[n]) for n in names]
        adapted = [(i, a) for i, a in enumerate(adapt) if a]
        values = []
        for row in self.rows:
            line = [row.get(n, d) for n, d in pairs]
            for i, a in adapted:
                if line[i] is not None:
                    line[i] = a(line[i])
            values.append(line)
        with connection.cursor() as cursor:
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, values[start:start + BATCH])
            for statement in ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)
        written, self.rows = len(self.rows), []
        return written


def adapter(field):
    """How a value of the field is passed to the database (None: as it is); for a value that is not None."""
    internal, ops = field.get_internal_type(), connection.ops
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DateTimeField":
        if connection.vendor == "sqlite" and settings.USE_TZ:  # what the adapter does, its lookups made once
            tz = connection.timezone
            return lambda v: str(v.astimezone(tz).replace(tzinfo=None) if v.tzinfo else v)
        return ops.adapt_datetimefield_value
    if internal == "JSONField":  # most steps carry no data: {} and [] encoded once
        empty = {dict: field.get_db_prep_save({}, connection), list: field.get_db_prep_save([], connection)}
        return lambda v: empty[type(v)] if v == {} or v == [] else field.get_db_prep_save(v, connection)
    return None


def update(model, field: str, values: dict) -> None:
    """Set one plain field of many rows, {pk: value}, with one prepared statement (bulk_update builds a
    CASE expression per row)."""
    ops, f = connection.ops, model._meta.get_field(field)
    table, column, pk = (ops.quote_name(n) for n in (model._meta.db_table, f.column, model._meta.pk.column))
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"
    a = adapter(f) or (lambda v: v)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(None if v is None else a(v), pk) for pk, v in values.items()])
