"""Reads of the schemes and their rule catalogues (积分细则).

Which rules apply where and when (`book_in_force`, `items_in_force`, `base_points`) take a unit and a day,
not an actor: the claims, the ledger's opening entries and the year-end cycle ask them for any unit.
What a user sees (`schemes`, `books`, `book`) is limited to their place: a scheme or a book is visible to
everyone in its unit's subtree (a village's rules apply to its grids) and to everyone above it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone

from zhenxing.core.feedback import whole_number
from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.people import selectors as people_selectors
from zhenxing.people.models import PartyMember
from zhenxing.points.rules.models import Category, RuleBook, RuleItem, Scheme


def ancestors(path: str) -> list[str]:
    """The path and every path above it: "21/2101/" -> ["21/", "21/2101/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _visible(paths: list[str], field: str = "path") -> Q | None:
    """Rows whose unit lies above one of `paths` (its rules apply there) or inside one of them."""
    if not paths:
        return None
    above = {a for p in paths for a in ancestors(p)}
    q = Q(**{f"{field}__in": sorted(above)})
    for p in paths:
        q |= under(p, field)
    return q


def _grant_paths(actor: Actor) -> list[str]:
    roots = sorted({g.path for g in actor.grants})
    kept: list[str] = []
    for p in roots:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


# --- What applies where (no actor) ------------------------------------------------------------------------

def book_in_force(scheme: Scheme, unit: OrgUnit, on: date) -> RuleBook | None:
    """The unit's own latest effective version if it has one, else the nearest ancestor's (village, street,
    county …): the book with the longest path among the unit's and its ancestors' effective versions."""
    return book_at(scheme, unit.path, on)


def book_at(scheme: Scheme, path: str, on: date) -> RuleBook | None:
    """`book_in_force` for a path (a household's grid, a member's branch unit)."""
    return (RuleBook.objects.filter(scheme=scheme, path__in=ancestors(path), effective_from__lte=on)
            .select_related("org_unit", "scheme")
            .order_by(Length("path").desc(), "-effective_from", "-version").first())


def items_in_force(scheme: Scheme, unit: OrgUnit, on: date) -> list[RuleItem]:
    return items_at(scheme, unit.path, on)


def items_at(scheme: Scheme, path: str, on: date) -> list[RuleItem]:
    book = book_at(scheme, path, on)
    if book is None:
        return []
    return list(book.items.select_related("category", "based_on", "book")
                .order_by("category__order", "category__code", "code"))


def base_of(book: RuleBook | None, classification: str = "") -> int:
    """The opening points a book gives a party member of `classification` (its default "" otherwise)."""
    bases = (book.bases or {}) if book is not None else {}
    try:
        return int(bases.get(classification, bases.get("", 0)) or 0)
    except (TypeError, ValueError):
        return 0


def base_points(scheme: Scheme, member: PartyMember | None, unit: OrgUnit, on: date) -> int:
    """The year's opening points under the book in force: the member's classification's base, else the
    default ("" key), else 0."""
    return base_of(book_in_force(scheme, unit, on), member.classification if member is not None else "")


# --- What users see (by actor) ----------------------------------------------------------------------------

def schemes(actor: Actor) -> QuerySet[Scheme]:
    """The active schemes of the actor's district(s): owned at or above any of their places, or below."""
    q = _visible(_grant_paths(actor))
    if q is None:
        return Scheme.objects.none()
    return Scheme.objects.filter(q, active=True).select_related("org_unit").order_by("code")


def scheme(*, actor: Actor, pk: int) -> Scheme:
    obj = schemes(actor).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _book_visibility(actor: Actor) -> Q | None:
    return _visible(actor.paths(access.VIEW_PEOPLE))


def books(*, actor: Actor, scheme: Scheme) -> QuerySet[RuleBook]:
    """The scheme's versions the actor sees: those of their units' ancestors and of the units below."""
    access.require(actor, access.VIEW_PEOPLE)
    q = _book_visibility(actor)
    return (RuleBook.objects.filter(q, scheme=scheme).select_related("org_unit")
            .order_by("path", "-version"))


def book(*, actor: Actor, pk: int) -> RuleBook:
    access.require(actor, access.VIEW_PEOPLE)
    obj = (RuleBook.objects.filter(_book_visibility(actor), pk=pk)
           .select_related("org_unit", "scheme", "scheme__org_unit").first())
    if obj is None:
        raise Http404
    return obj


def book_items(book: RuleBook) -> list[RuleItem]:
    return list(book.items.select_related("category", "based_on", "based_on__book")
                .order_by("category__order", "category__code", "code"))


def is_published(book: RuleBook, today: date | None = None) -> bool:
    return book.effective_from <= (today or timezone.localdate())


def parent_book(book_or_scheme, unit: OrgUnit, on: date) -> RuleBook | None:
    """The book in force above `unit` (the unit's own versions left out): what a village adjusts."""
    scheme_obj = book_or_scheme.scheme if isinstance(book_or_scheme, RuleBook) else book_or_scheme
    above = ancestors(unit.path)[:-1]
    return (RuleBook.objects.filter(scheme=scheme_obj, path__in=above, effective_from__lte=on)
            .select_related("org_unit")
            .order_by(Length("path").desc(), "-effective_from", "-version").first())


def manageable_units(*, actor: Actor, scheme: Scheme) -> list[OrgUnit]:
    """Where the actor may keep a version of the scheme: the scheme's own unit when a grant covers it, and
    the villages where the grant sits (a village secretary's own village)."""
    units: list[OrgUnit] = []
    paths = actor.paths(access.MANAGE_POINT_RULES)
    if any(scheme.path.startswith(p) for p in paths):
        units.append(scheme.org_unit)
    below = [p for p in paths if p.startswith(scheme.path) and p != scheme.path]
    if below:
        units += list(OrgUnit.objects.filter(path__in=below, level="village").order_by("path"))
    return units


# --- The registers of the API (schemes, versions, items, categories) --------------------------------------

@dataclass(frozen=True)
class SchemeFilter:
    q: str = ""  # code or name
    subject: str = ""


def scheme_rows(*, actor: Actor, filters: SchemeFilter | None = None) -> QuerySet[Scheme]:
    """The schemes of the rules page: those of the actor's district(s), to whoever reads the registers."""
    access.require(actor, access.VIEW_PEOPLE)
    f = filters or SchemeFilter()
    qs = schemes(actor)
    if f.q.strip():
        qs = qs.filter(Q(code__icontains=f.q.strip()) | Q(name__icontains=f.q.strip()))
    if f.subject:
        qs = qs.filter(subject=f.subject)
    return qs.order_by("code", "pk")


def scheme_row(*, actor: Actor, pk: int) -> Scheme:
    return access.first_or_404(scheme_rows(actor=actor), pk=pk)


@dataclass(frozen=True)
class BookFilter:
    scheme: str = ""  # the scheme's id
    unit: str = ""  # a unit's code: the versions of units under it
    status: str = ""  # draft | current | superseded


def book_rows(*, actor: Actor, filters: BookFilter | None = None) -> QuerySet[RuleBook]:
    """Every version the actor sees of the schemes it sees (as on the rules page), with its `status`
    (待生效 draft, 现行 current: its unit's latest effective version, or superseded) and `item_count`."""
    access.require(actor, access.VIEW_PEOPLE)
    f = filters or BookFilter()
    today = timezone.localdate()
    later = RuleBook.objects.filter(
        Q(effective_from__gt=OuterRef("effective_from"))
        | Q(effective_from=OuterRef("effective_from"), version__gt=OuterRef("version")),
        scheme=OuterRef("scheme"), org_unit=OuterRef("org_unit"), effective_from__lte=today)
    qs = (RuleBook.objects.filter(_book_visibility(actor), scheme__in=schemes(actor))
          .select_related("org_unit", "scheme")
          .annotate(status=Case(When(effective_from__gt=today, then=Value("draft")),
                                When(Exists(later), then=Value("superseded")), default=Value("current")),
                    item_count=Count("items")))
    if f.scheme:
        number = whole_number(f.scheme)
        qs = qs.filter(scheme_id=number) if number is not None else qs.none()
    if f.unit.strip():
        qs = people_selectors.under_unit(qs, f.unit.strip())
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("scheme__code", "path", "-version", "pk")


def book_row(*, actor: Actor, pk: int) -> RuleBook:
    return access.first_or_404(book_rows(actor=actor), pk=pk)


@dataclass(frozen=True)
class ItemFilter:
    book: str = ""  # the version's id
    category: str = ""  # the category's code
    q: str = ""  # code or wording


def item_rows(*, actor: Actor, filters: ItemFilter | None = None) -> QuerySet[RuleItem]:
    """The items of the versions the actor sees, each with its version's `path` (who may change it)."""
    access.require(actor, access.VIEW_PEOPLE)
    f = filters or ItemFilter()
    books_seen = RuleBook.objects.filter(_book_visibility(actor), scheme__in=schemes(actor))
    qs = (RuleItem.objects.filter(book__in=books_seen)
          .select_related("book", "category", "based_on").annotate(path=F("book__path")))
    if f.book:
        number = whole_number(f.book)
        qs = qs.filter(book_id=number) if number is not None else qs.none()
    if f.category.strip():
        qs = qs.filter(category__code=f.category.strip())
    if f.q.strip():
        qs = qs.filter(Q(code__icontains=f.q.strip()) | Q(name__icontains=f.q.strip()))
    return qs.order_by("book_id", "category__order", "category__code", "code", "pk")


def item(*, actor: Actor, pk: int) -> RuleItem:
    return access.first_or_404(item_rows(actor=actor), pk=pk)


@dataclass(frozen=True)
class CategoryFilter:
    scheme: str = ""  # the scheme's id


def category_rows(*, actor: Actor, filters: CategoryFilter | None = None) -> QuerySet[Category]:
    """The categories of the schemes the actor sees, each with its scheme's `path` (its owner changes it)."""
    access.require(actor, access.VIEW_PEOPLE)
    f = filters or CategoryFilter()
    qs = (Category.objects.filter(scheme__in=schemes(actor)).select_related("scheme")
          .annotate(path=F("scheme__path")))
    if f.scheme:
        number = whole_number(f.scheme)
        qs = qs.filter(scheme_id=number) if number is not None else qs.none()
    return qs.order_by("scheme__code", "order", "code", "pk")


def category(*, actor: Actor, pk: int) -> Category:
    return access.first_or_404(category_rows(actor=actor), pk=pk)
