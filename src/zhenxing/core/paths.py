"""Materialised paths: "21/2101/210113/210113001/" — every subtree is a prefix.

A subtree filter is written as a range, `path >= p AND path < p[:-1] + "0"` ('0' sorts right
after '/'), which both SQLite and PostgreSQL answer with a plain b-tree range scan that also serves
ORDER BY path. That needs byte-order comparison, so on PostgreSQL path columns use the "C"
collation whatever the database's default is (SQLite compares bytes already).
"""

from django.db import models
from django.db.models import Q


class PathField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def upper_bound(path: str) -> str:
    if not path.endswith("/"):
        raise ValueError(f"path must end with '/': {path!r}")
    return path[:-1] + "0"


def under(path: str, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree rooted at `path` (the root included)."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": upper_bound(path)})
