"""Reads of the people registers, each limited to the actor's scope."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zhenxing.core import attachments, personal
from zhenxing.core.models import Attachment
from zhenxing.core.paths import under
from zhenxing.orgs import access, codes
from zhenxing.orgs.access import Actor
from zhenxing.orgs.search import prefix
from zhenxing.people import choices
from zhenxing.people.models import CadrePost, Household, PartyMember, Person


@dataclass
class PersonFilter:
    q: str = ""  # name (prefix) or a full ID number (exact, by keyed hash)
    village: str = ""  # org unit code; any unit under it
    political_status: str = ""
    age_band: str = ""
    gender: str = ""


def under_unit(qs: QuerySet, code: str) -> QuerySet:
    """Rows under the unit with this code (intersected with whatever scope `qs` already has)."""
    try:
        return qs.filter(under(codes.path_for(code)))
    except codes.CodeError:
        return qs.none()


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def persons(
    *, actor: Actor, filters: PersonFilter | None = None, today: date | None = None
) -> QuerySet[Person]:
    access.require(actor, access.VIEW_PEOPLE)  # a register is not there for roles without it
    qs = access.scoped(
        Person.objects.select_related("household", "village", "org_unit"), actor, access.VIEW_PEOPLE
    )
    f = filters or PersonFilter()
    if f.q:
        q = f.q.strip()
        if len(q) == 18 and q[:17].isdigit():
            qs = qs.filter(id_number_hash=personal.lookup_hash(q))
        else:
            qs = qs.filter(prefix("name", q))
    if f.village:
        qs = under_unit(qs, f.village)
    if f.political_status:
        qs = qs.filter(political_status=f.political_status)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.age_band:
        band = next((b for b in choices.AGE_BANDS if b[0] == f.age_band), None)
        if band:
            today = today or date.today()
            # age in [lo, hi] <=> born after (today - hi - 1 years) and on/before (today - lo years)
            qs = qs.filter(
                birth_date__gt=_years_ago(today, band[3] + 1), birth_date__lte=_years_ago(today, band[2])
            )
    return qs.order_by("path", "id")


def person(*, actor: Actor, pk: int) -> Person:
    return access.get_scoped(
        Person.objects.select_related("household", "village", "org_unit"), actor, access.VIEW_PEOPLE, pk=pk
    )


def _member_count():
    """Members per household as a correlated subquery: a JOIN + GROUP BY over the whole scope costs
    minutes at province scale (bench/README.md), the subquery costs one index probe per shown row."""
    members = (
        Person.objects.filter(household=OuterRef("pk")).order_by().values("household").annotate(c=Count("*"))
    )
    return Coalesce(Subquery(members.values("c")), 0)


def households(*, actor: Actor, q: str = "", village: str = "") -> QuerySet[Household]:
    access.require(actor, access.VIEW_PEOPLE)  # a register is not there for roles without it
    rows = Household.objects.select_related("village", "grid", "head").annotate(size=_member_count())
    qs = access.scoped(rows, actor, access.VIEW_PEOPLE)
    if q:
        # By number or by the head's name: each in scope by its own index, then the union. An OR across the
        # join to the head walked every household in scope; a scope outside the union let PostgreSQL,
        # which guesses a village's few hundred rows as one, run the union again for each of them
        # (bench/README.md, "Search"). The scope is inside both halves, so none is lost.
        scoped = access.scoped(Household.objects.all(), actor, access.VIEW_PEOPLE).order_by()
        by_number = scoped.filter(prefix("number", q)).values("pk")
        heads = Person.objects.filter(prefix("name", q)).order_by().values("pk")
        by_head = scoped.filter(head__in=heads).values("pk")
        qs = rows.filter(pk__in=by_number.union(by_head, all=True))
    if village:
        qs = under_unit(qs, village)
    return qs.order_by("path", "number")


def household(*, actor: Actor, pk: int) -> Household:
    return access.get_scoped(
        Household.objects.select_related("village", "grid", "group", "head"), actor, access.VIEW_PEOPLE, pk=pk
    )


def members(*, household: Household) -> QuerySet[Person]:
    order = {k: i for i, (k, _) in enumerate(choices.RELATIONS)}
    people = list(household.members.all())
    people.sort(key=lambda p: (order.get(p.relation, 99), p.birth_date))
    return people


def own_household(*, actor: Actor, via: tuple[str, ...] = (access.VIEW_OWN_HOUSEHOLD,)) -> Household | None:
    """A villager's own household (through the person linked to their account), for an actor holding one
    of the capabilities `via` (points also let REDEEM_POINTS reach it)."""
    if not any(actor.can(c) for c in via):
        return None
    person = Person.objects.filter(user=actor.user).select_related("household").first()
    return person.household if person else None


def own_person(*, actor: Actor) -> Person | None:
    """The person record linked to a villager's account (their name and contact, to fill their forms)."""
    if not actor.can(access.VIEW_OWN_HOUSEHOLD):
        return None
    return Person.objects.filter(user=actor.user).select_related("household").first()


def party_members(*, actor: Actor, classification: str = "", village: str = "") -> QuerySet[PartyMember]:
    access.require(actor, access.VIEW_PEOPLE)  # a register is not there for roles without it
    qs = access.scoped(PartyMember.objects.select_related("person", "branch"), actor, access.VIEW_PEOPLE)
    if classification:
        qs = qs.filter(classification=classification)
    if village:
        qs = under_unit(qs, village)
    return qs.order_by("path", "id")


def cadre_posts(*, actor: Actor, post: str = "", village: str = "") -> QuerySet[CadrePost]:
    access.require(actor, access.VIEW_PEOPLE)  # a register is not there for roles without it
    qs = access.scoped(CadrePost.objects.select_related("person", "org_unit"), actor, access.VIEW_PEOPLE)
    if post:
        qs = qs.filter(post=post)
    if village:
        qs = under_unit(qs, village)
    return qs.filter(ended_on__isnull=True).order_by("path", "post", "id")


def party_member_of(*, person: Person) -> PartyMember | None:
    return PartyMember.objects.filter(person=person).select_related("branch").first()


def household_attachments(*, household: Household) -> list[Attachment]:
    return attachments.of("people.household", household.pk)


def attachment(*, actor: Actor, pk: int) -> Attachment:
    return access.get_scoped(Attachment.objects.all(), actor, access.VIEW_PEOPLE, field="scope_path", pk=pk)


def current_posts(*, person: Person) -> QuerySet[CadrePost]:
    return person.posts.filter(ended_on__isnull=True).select_related("org_unit")


def phone_of_user(user) -> str | None:
    """The phone of the person an account belongs to, for sending them a text message (core.notify): the
    number goes to the gateway, never onto a page, so no reveal is audited here."""
    person = Person.objects.filter(user=user).first()
    if person is None or not person.phone_enc:
        return None
    return personal.reveal(person, "phone") or None
