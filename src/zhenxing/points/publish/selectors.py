"""Rankings (积分排名) and what has been published (公示, 申诉), limited to the actor's scope.

A ranking lists the households (or party members) of a village, a grid or, for party members, a branch,
with the points their account of the period's year earned in the period: the award, deduct and their
reversal entries by `occurred_on` (not openings, not redemptions). One query with a window rank: ties
share a rank (1, 2, 2, 4).
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, Rank, Substr
from django.http import Http404

from zhenxing.core.feedback import whole_number
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit, PartyOrg
from zhenxing.people import selectors as people_selectors
from zhenxing.people.models import Household, PartyMember
from zhenxing.points.accounts import book
from zhenxing.points.publish.models import Objection, Publication, YearClose, YearResult
from zhenxing.points.rules import selectors as rules
from zhenxing.points.rules.models import Scheme

EARNED_KINDS = ("award", "deduct")  # and the reversals of these
READ = access.VIEW_PEOPLE
QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
PERIOD_HELP = "期间格式应为 2024（年度）、2024-05（月份）或 2024-Q2（季度）"


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # year | quarter | month
    year: int
    start: date
    end: date
    label: str


def parse_period(text: str) -> Period:
    """"2024", "2024-05" or "2024-Q2", nothing else; a bad one is refused naming the field."""
    text = (text or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(?:(\d{2})|Q([1-4])))?", text)
    if not m:
        raise ValidationError({"period": PERIOD_HELP})
    year = int(m[1])
    if not 2000 <= year <= 2100:
        raise ValidationError({"period": "年度应在2000-2100之间"})
    if m[2]:
        month = int(m[2])
        if not 1 <= month <= 12:
            raise ValidationError({"period": "月份应在01-12之间"})
        last = monthrange(year, month)[1]
        return Period(text, "month", year, date(year, month, 1), date(year, month, last),
                      f"{year}年{month}月")
    if m[3]:
        q = int(m[3])
        first = 3 * q - 2
        return Period(text, "quarter", year, date(year, first, 1),
                      date(year, first + 2, monthrange(year, first + 2)[1]), f"{year}年第{QUARTERS[q]}季度")
    return Period(text, "year", year, date(year, 1, 1), date(year, 12, 31), f"{year}年度")


@dataclass(frozen=True)
class RankUnit:
    """Where a ranking is drawn: a village or grid (org_unit), or a party branch (party_org)."""

    key: str
    name: str
    path: str
    org_unit: OrgUnit
    party_org: PartyOrg | None = None


def schemes(actor: Actor) -> QuerySet[Scheme]:
    """The active schemes of the actor's county (or of units above it) — rules.selectors decides."""
    return rules.schemes(actor)


def scheme(code: str, *, actor: Actor, within: str = "") -> Scheme:
    """The actor's scheme of `code`; with `within` (a unit's path), the one that applies there."""
    found = [s for s in schemes(actor).filter(code=code) if not within or within.startswith(s.path)]
    if not found:
        raise ValidationError({"scheme": "请选择积分方案"})
    return max(found, key=lambda s: len(s.path))  # the nearest, should a unit above keep one of that code


def rank_unit(*, actor: Actor, code: str = "", branch: str = "", capability: str = READ) -> RankUnit:
    """The village or grid with `code`, or the branch with id `branch`; outside the scope: 404."""
    if branch:
        pk = whole_number(branch)
        if pk is None:
            raise ValidationError({"branch": "党支部编号应为数字"})
        org = access.get_scoped(PartyOrg.objects.select_related("org_unit"), actor, capability, pk=pk)
        return RankUnit(f"branch:{org.pk}", org.name, org.path, org.org_unit, org)
    if not code:
        raise ValidationError({"unit": "请选择村/社区或网格"})
    unit = access.get_scoped(OrgUnit.objects.all(), actor, capability, code=code)
    if unit.level not in ("village", "grid"):
        raise ValidationError({"unit": "排名范围应为村/社区、网格或党支部"})
    return RankUnit(f"org:{unit.code}", unit.name, unit.path, unit)


def branches(*, actor: Actor) -> QuerySet[PartyOrg]:
    qs = PartyOrg.objects.filter(kind__startswith="village")
    return access.scoped(qs, actor, READ).order_by("path", "name")


def earned_filter(period: Period, prefix: str = "entries__") -> Q:
    """Entries that count as earned in the period (on an account's `entries__`, or on entries: prefix "")."""
    kinds = Q(**{f"{prefix}kind__in": EARNED_KINDS}) | Q(**{f"{prefix}kind": "reversal",
                                                            f"{prefix}reverses__kind__in": EARNED_KINDS})
    return kinds & Q(**{f"{prefix}occurred_on__gte": period.start, f"{prefix}occurred_on__lte": period.end})


def _key(kind: str):
    return Concat(Value(f"{kind}:"), Cast("pk", CharField()), output_field=CharField())


def _holders(scheme: Scheme, unit: RankUnit) -> QuerySet:
    if scheme.subject == "member":
        qs = PartyMember.objects.select_related("person")
        qs = qs.filter(branch=unit.party_org) if unit.party_org is not None else qs.filter(under(unit.path))
        return qs.annotate(holder=_key("member"))
    qs = Household.objects.filter(under(unit.path)).select_related("head")
    return qs.annotate(holder=_key("household"))


def ranking(*, actor: Actor, scheme: Scheme, unit: RankUnit, period: Period) -> QuerySet:
    """Every household (household scheme) or party member (member scheme) of the unit, ranked by points
    earned in the period: `holder` ("household:12"), `points`, `balance` (of the year's account) and `rank`.
    Holders without an account yet rank with 0. Each holder's figures are two correlated lookups through
    the account's (book, holder) key and the entries' (account, occurred_on) index."""
    access.require(actor, READ, unit.path)
    if unit.party_org is not None and scheme.subject != "member":
        raise ValidationError({"branch": "按党支部排名只适用于党员积分"})
    accounts = LedgerAccount.objects.filter(book=book(scheme, period.year), holder=OuterRef("holder"))
    earned = (LedgerEntry.objects.filter(earned_filter(period, ""), account__book=book(scheme, period.year),
                                         account__holder=OuterRef("holder"))
              .order_by().values("account__holder").annotate(s=Sum("amount")).values("s"))
    return (
        _holders(scheme, unit)
        .annotate(points=Coalesce(Subquery(earned), 0),
                  balance=Coalesce(Subquery(accounts.values("balance")), 0))
        .annotate(rank=Window(Rank(), order_by=F("points").desc()))
        .order_by("-points", "pk")
    )


# --- holders ----------------------------------------------------------------------------------------------

def mask_name(name: str) -> str:
    """张*明 / 张* : a name shown to the public keeps its first and last character."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def name_of(holder) -> str:
    if isinstance(holder, PartyMember):
        return holder.person.name
    return holder.head.name if holder.head else holder.number


def with_names(rows) -> list:
    rows = list(rows)
    for r in rows:
        r.name = name_of(r)
    return rows


def snapshot(*, actor: Actor, scheme: Scheme, unit: RankUnit, period: Period) -> list[dict]:
    """The whole ranking as plain rows, frozen into a publication."""
    rows = with_names(ranking(actor=actor, scheme=scheme, unit=unit, period=period))
    return [{"rank": r.rank, "holder": r.holder, "name": r.name, "points": r.points,
             "balance": r.balance if period.kind == "year" else None} for r in rows]


# --- publications and objections ---------------------------------------------------------------------------

def _own_village(actor: Actor) -> OrgUnit | None:
    home = people_selectors.own_household(actor=actor)
    return home.village if home else None


def publications(*, actor: Actor) -> QuerySet[Publication]:
    """Staff: the publications of their subtree; a villager: those of their own village."""
    village = _own_village(actor)
    paths = actor.paths(READ)
    if not paths and village is None:
        raise Http404
    q = Q(pk__in=[])
    for p in paths:
        q |= under(p)
    if village is not None:
        q |= under(village.path)
    return Publication.objects.filter(q).select_related("scheme", "org_unit").order_by("-published_at", "-pk")


def publication(*, actor: Actor, pk: int) -> Publication:
    return access.first_or_404(publications(actor=actor), pk=pk)


def shows_names(*, actor: Actor, publication: Publication) -> bool:
    """Staff over the unit see full names; the public (villagers) see them masked."""
    return actor.can(READ, publication.path)


def objections(*, actor: Actor, publication: Publication) -> QuerySet[Objection]:
    """Staff see every objection to the publication; a villager sees those they filed."""
    qs = publication.objections.select_related("filed_by", "resolved_by", "entry")
    if actor.can(READ, publication.path):
        return qs
    return qs.filter(filed_by=actor.user)


def objection(*, actor: Actor, pk: int) -> Objection:
    found = Objection.objects.select_related("publication").filter(pk=pk).first()
    if found is None or not publications(actor=actor).filter(pk=found.publication_id).exists():
        raise Http404
    return found


@dataclass
class PublicationFilter:
    scheme: str = ""  # scheme code
    period: str = ""


def publication_rows(*, actor: Actor, filters: PublicationFilter | None = None) -> QuerySet[Publication]:
    f = filters or PublicationFilter()
    qs = publications(actor=actor)
    if f.scheme:
        qs = qs.filter(scheme__code=f.scheme.strip())
    if f.period:
        qs = qs.filter(period=f.period.strip())
    return qs


@dataclass
class ObjectionFilter:
    state: str = ""
    publication: str = ""  # publication id


def objection_rows(*, actor: Actor, filters: ObjectionFilter | None = None) -> QuerySet[Objection]:
    """Staff: the objections to the publications of their subtree; anyone else: those they filed."""
    f = filters or ObjectionFilter()
    qs = Objection.objects.filter(publication__in=publications(actor=actor))
    staff = Q(pk__in=[])
    for p in actor.paths(READ):
        staff |= under(p)
    qs = qs.filter(staff | Q(filed_by=actor.user)).select_related("publication", "resolved_by", "entry")
    if f.state:
        qs = qs.filter(state=f.state)
    if f.publication:
        number = whole_number(f.publication)
        qs = qs.filter(publication_id=number) if number is not None else qs.none()
    return qs.order_by("-filed_at", "-pk")


def visible_objection(*, actor: Actor, pk: int) -> Objection:
    return access.first_or_404(objection_rows(actor=actor), pk=pk)


def own_holders(*, actor: Actor) -> list[str]:
    """The holder keys a villager may object for: their household, and themself as a party member."""
    home = people_selectors.own_household(actor=actor)
    keys = [f"household:{home.pk}"] if home else []
    member = None
    if getattr(actor.user, "is_authenticated", False):
        member = PartyMember.objects.filter(person__user=actor.user).first()
    if member:
        keys.append(f"member:{member.pk}")
    return keys


def year_closes(*, actor: Actor) -> QuerySet[YearClose]:
    return access.scoped(YearClose.objects.select_related("scheme", "county", "closed_by"), actor, READ)


@dataclass(frozen=True)
class YearCloseFilter:
    scheme: str = ""  # the scheme's code
    year: str = ""


def year_close_rows(*, actor: Actor, filters: YearCloseFilter | None = None) -> QuerySet[YearClose]:
    """The year-close page's list: the closes of the counties the actor may close (and read)."""
    access.require(actor, access.MANAGE_POINT_RULES)
    f = filters or YearCloseFilter()
    qs = access.scoped(year_closes(actor=actor), actor, access.MANAGE_POINT_RULES)
    if f.scheme.strip():
        qs = qs.filter(scheme__code=f.scheme.strip())
    if f.year:
        number = whole_number(f.year, 4)
        qs = qs.filter(year=number) if number is not None else qs.none()
    return qs.order_by("-year", "scheme__code", "path", "pk")


def year_close(*, actor: Actor, pk: int) -> YearClose:
    """One close with its results: everyone who reads the registers over the county; otherwise 404."""
    return access.get_scoped(year_closes(actor=actor), actor, READ, pk=pk)


@dataclass(frozen=True)
class YearResultFilter:
    close: str = ""  # the close's id
    awards: str = ""  # any value: the awarded only
    unit: str = ""  # a unit's code: its results only


def _named(results: QuerySet[YearResult]) -> QuerySet[YearResult]:
    """Each result's `name` (the household's head, else its number; the member's name) in the same query,
    so that a page or a stream of any length costs one query: the holder key's id is cast only on the
    branch whose prefix matched."""
    def pk_after(prefix: str):
        return Cast(Substr(OuterRef("holder"), len(prefix) + 1), BigIntegerField())
    household = (Household.objects.filter(pk=pk_after("household:"))
                 .values(shown=Coalesce("head__name", "number"))[:1])
    member = PartyMember.objects.filter(pk=pk_after("member:")).values("person__name")[:1]
    return results.annotate(name=Case(
        When(holder__startswith="household:", then=Subquery(household)),
        When(holder__startswith="member:", then=Subquery(member)), default=F("holder")))


def year_result_rows(*, actor: Actor, filters: YearResultFilter | None = None) -> QuerySet[YearResult]:
    """The frozen year-end lines of the closes the actor reads, within the actor's scope, by village and
    rank (the results page; `close` names one close)."""
    f = filters or YearResultFilter()
    qs = access.register_rows(YearResult.objects.filter(close__in=year_closes(actor=actor)), actor, READ)
    if f.close:
        number = whole_number(f.close)
        qs = qs.filter(close_id=number) if number is not None else qs.none()
    if f.awards:
        qs = qs.filter(~Q(title=""))
    if f.unit.strip():
        qs = people_selectors.under_unit(qs, f.unit.strip())
    return _named(qs.select_related("village", "close")).order_by("path", "rank", "pk")


def year_result(*, actor: Actor, pk: int) -> YearResult:
    return access.first_or_404(year_result_rows(actor=actor), pk=pk)


def year_closed(*, scheme: Scheme, year: int, path: str) -> bool:
    """Whether the scheme's year is closed (or being closed) for the county holding `path`: nothing may be
    posted to that year any more, since its balances were carried or reset into the next."""
    closed = YearClose.objects.filter(scheme=scheme, year=year).values_list("path", flat=True)
    return any(path.startswith(p) for p in closed)
