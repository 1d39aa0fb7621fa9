"""搜索: one box for staff that finds records of every kind inside the actor's scope.

Each domain module declares what of its records can be found (a `Kind`) in its own `search.py`, which its
app's `apps.py` imports at start-up, as indicators and imports are registered; orgs keeps the registry and the
rules of a query and knows no domain. A kind's `find` is the module's scoped selector narrowed by the query,
so a search shows nothing the actor's registers and record pages would not.

A query is a name (prefix), a full 18-character ID number (through the keyed hash, never a part of one), or
the beginning of a number or code. Every kind matches by prefix or by equality, which a b-tree serves on both
databases (bench/README.md, "Search": why not trigrams or full text for Chinese names).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from zhenxing.orgs import access
from zhenxing.orgs.access import Actor

MIN_LENGTH = 2
MAX_LENGTH = 50
SHOWN = 10  # hits per kind on the grouped page (and the API's default)
COUNT_CAP = 500  # a kind's matches are counted up to this; beyond, the page says "500 条以上"
# Who has the box: staff who look records up. Villagers and the three officers (三员) hold none of these.
CAPABILITIES = (access.VIEW_PEOPLE, access.HANDLE_CASE, access.DISPATCH_CASE, access.WORK_CASE,
                access.REVIEW_HOMESTEAD, access.SIGN_HOMESTEAD)
EMPTY = "请输入要查找的内容：姓名、身份证号、户编号、宗地代码或不动产单元号、案件、申请或合同编号"
TOO_SHORT = f"查找内容至少 {MIN_LENGTH} 个字（如姓名“王芳”或编号的开头“AJ-2024”）"
TOO_LONG = f"查找内容最多 {MAX_LENGTH} 个字"
ID_NUMBER = re.compile(r"\d{17}[\dX]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Query:
    text: str  # as normalised by parse(): full-width forms folded, spaces collapsed

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def id_number(self) -> str:
        """The text if it is a whole 18-character ID number (looked up by hash), else ""."""
        return self.upper if ID_NUMBER.fullmatch(self.upper) else ""

    @property
    def has_cjk(self) -> bool:
        return bool(CJK.search(self.text))

    @property
    def code_like(self) -> bool:
        """Could begin a number or code (ASCII letters, digits, hyphens): 宗地代码, AJ-2024-…, 户编号."""
        return self.text.isascii() and " " not in self.text

    @property
    def name_like(self) -> bool:
        """Could begin a person's name: not a run of digits and hyphens (those only begin numbers)."""
        return not re.fullmatch(r"[\d\-X]+", self.upper)


def parse(text: str | None) -> Query:
    """The query as typed (a full-width digit from a Chinese input method is a digit), or ValidationError
    on the field `q` with a message saying what to type."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").split())
    if not text:
        raise ValidationError({"q": EMPTY})
    if len(text) < MIN_LENGTH:
        raise ValidationError({"q": TOO_SHORT})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"q": TOO_LONG})
    return Query(text)


def prefix(field: str, value: str) -> Q:
    """Rows whose `field` begins with `value`, in the form each database's index serves: on PostgreSQL a
    LIKE 'v%' (Django gives every indexed text column a pattern_ops index, right under any collation); on
    SQLite a range, as its LIKE is case-insensitive and so scans the table."""
    if connection.vendor == "sqlite" and value and ord(value[-1]) < 0x10FFFF:
        return Q(**{f"{field}__gte": value, f"{field}__lt": value[:-1] + chr(ord(value[-1]) + 1)})
    return Q(**{f"{field}__startswith": value})


def any_prefix(model, fields: tuple[str, ...], value: str) -> Q:
    """Rows of `model` where one of `fields` begins with `value`. PostgreSQL answers the OR of the prefixes
    with one index scan per field (a BitmapOr). SQLite, without statistics, would walk every row in scope by
    the path index instead, so there it is each field by its own index, then the union (SQLite computes an
    IN list once; PostgreSQL would run it again for each row of a scope it underestimates)."""
    if connection.vendor != "sqlite" or len(fields) == 1:
        return reduce(or_, (prefix(f, value) for f in fields))
    parts = [model._default_manager.filter(prefix(f, value)).order_by().values("pk") for f in fields]
    return Q(pk__in=parts[0].union(*parts[1:], all=True))


def by_key(field: str, newest_first: bool = False) -> tuple:
    """The order of a kind's hits: by the key searched, shortest first (a whole name before the longer ones it
    begins), and never in an order an index gives. Asked for the first ten in an index's order, PostgreSQL
    walks that index from its start testing each row when it guesses the matches many (a name's b-tree:
    117 s for "王国" among 14 million), and SQLite does without statistics; in this order both read only the
    matches, by the prefix's index, and sort them (bench/README.md, "Search")."""
    return (Length(field), f"-{field}" if newest_first else field)


@dataclass(frozen=True)
class Hit:
    title: str
    context: str  # one line: village, state …
    url: str


@dataclass(frozen=True)
class Kind:
    key: str  # "person"
    label: str  # "人员"
    order: int
    capabilities: tuple[str, ...]  # the actor needs one of them, else the kind is not searched
    find: Callable[[Actor, Query], QuerySet]  # the actor's matches, in the order shown (none(): no query)
    hit: Callable[[object], Hit]
    # The kind's register filtered by the same text, for an actor who may open it (else None).
    register_url: Callable[[Actor, Query], str | None] | None = None
    hint: str = ""  # what the kind is found by, for the page and the API's reference


registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    registry[kind.key] = kind
    return kind


def can_search(actor: Actor | None) -> bool:
    return actor is not None and any(actor.can(c) for c in CAPABILITIES)


def kinds_for(actor: Actor) -> list[Kind]:
    return sorted((k for k in registry.values() if any(actor.can(c) for c in k.capabilities)),
                  key=lambda k: (k.order, k.key))


@dataclass
class Group:
    kind: Kind
    hits: list[tuple[object, Hit]]  # (record, hit)
    count: int  # up to COUNT_CAP
    capped: bool  # more than COUNT_CAP matches
    register_url: str | None

    @property
    def more(self) -> bool:
        return self.capped or self.count > len(self.hits)


def count_capped(qs: QuerySet) -> tuple[int, bool]:
    """(matches up to COUNT_CAP, whether there are more): a bounded count, never the whole table's."""
    n = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def search(actor: Actor, query: Query, *, kinds: list[str] | None = None, limit: int = SHOWN) -> list[Group]:
    """The actor's matches, kind by kind (only kinds with one), each with its first `limit` hits."""
    groups = []
    for kind in kinds_for(actor):
        if kinds is not None and kind.key not in kinds:
            continue
        qs = kind.find(actor, query)
        rows = list(qs[:limit])
        if not rows:
            continue
        # Fewer than asked for: that is all of them, no count to run.
        count, capped = (len(rows), False) if len(rows) < limit else count_capped(qs)
        link = kind.register_url(actor, query) if kind.register_url else None
        groups.append(Group(kind, [(r, kind.hit(r)) for r in rows], count, capped, link))
    return groups
