"""Reads of 积分申报 and of a holder's itemised points (明细), limited to the actor's scope.

Claims and histories are read with the people registers (VIEW_PEOPLE over the holder); a villager reads
only their own household's history (VIEW_OWN_HOUSEHOLD / REDEEM_POINTS). Anything else answers 404.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core import attachments, workflow
from zhenxing.core.models import Attachment, LedgerAccount, LedgerEntry
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.people import selectors as people_selectors
from zhenxing.people.models import Household, PartyMember
from zhenxing.people.selectors import under_unit
from zhenxing.points import accounts
from zhenxing.points.claims.models import Claim, Meeting
from zhenxing.points.claims.services import OWNER
from zhenxing.points.rules.models import Category, RuleItem, Scheme
from zhenxing.points.rules.selectors import items_at


@dataclass
class ClaimFilter:
    state: str = ""
    scheme: str = ""  # scheme code
    village: str = ""  # unit code
    q: str = ""  # claim code, household number or member name (prefix)


def claims(*, actor: Actor, filters: ClaimFilter | None = None) -> QuerySet[Claim]:
    access.require(actor, access.VIEW_PEOPLE)
    qs = access.scoped(Claim.objects.select_related(
        "scheme", "item__category", "member__person", "household", "proposed_by"), actor, access.VIEW_PEOPLE)
    f = filters or ClaimFilter()
    if f.state:
        qs = qs.filter(state=f.state)
    if f.scheme:
        qs = qs.filter(scheme__code=f.scheme)
    if f.village:
        qs = under_unit(qs, f.village)
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(code=q) | Q(household__number__startswith=q) | Q(member__person__name__startswith=q))
    return qs.order_by("-created_at", "-pk")


def claim(*, actor: Actor, pk: int) -> Claim:
    return access.get_scoped(
        Claim.objects.select_related("scheme", "item__category", "item__book", "member__person__village",
                                     "household__village", "proposed_by", "entry"),
        actor, access.VIEW_PEOPLE, pk=pk)


def evidence(*, claim: Claim) -> list[Attachment]:
    return attachments.of(OWNER, claim.pk)


def evidence_file(*, actor: Actor, claim_pk: int, pk: int) -> Attachment:
    c = claim(actor=actor, pk=claim_pk)
    found = Attachment.objects.filter(owner_type=OWNER, owner_id=str(c.pk), pk=pk).first()
    if found is None:
        raise Http404
    return found


def steps(*, claim: Claim):
    return workflow.history(claim).select_related("actor")


def schemes() -> QuerySet[Scheme]:
    return Scheme.objects.filter(active=True).order_by("code")


def proposable_items(*, actor: Actor, on: date | None = None) -> list[RuleItem]:
    """Items a proposer may pick today: those of the books in force where they work (a grid worker's
    grid takes its village's or the district's book) that their role may propose."""
    on = on or timezone.localdate()
    found: dict[int, RuleItem] = {}
    for scheme in schemes():
        for root in actor.paths(access.PROPOSE_POINTS):
            # An item kept for some roles is not offered to the others: propose() would refuse it.
            roles = {g.role for g in actor.grants if root.startswith(g.path)}
            for item in items_at(scheme, root, on):
                if not item.source and (not item.proposers or roles & set(item.proposers)):
                    found.setdefault(item.pk, item)
    return sorted(found.values(), key=lambda i: (i.book.scheme.code, i.category.order, i.code))


def holder_choices(*, actor: Actor, limit: int = 300) -> tuple[list[str], list[str]]:
    """(household numbers, member labels) in the proposer's scope, for the form's suggestion lists."""
    homes = access.scoped(Household.objects.all(), actor, access.PROPOSE_POINTS).order_by("path", "number")
    members = access.scoped(PartyMember.objects.select_related("person", "branch"), actor,
                            access.PROPOSE_POINTS).order_by("path", "pk")
    return (list(homes.values_list("number", flat=True)[:limit]),
            [member_label(m) for m in members[:limit]])


def member_label(m: PartyMember) -> str:
    return f"{m.person.name}（{m.branch.name}）"


def find_holder(*, actor: Actor, scheme: Scheme, text: str):
    """The household (by number) or party member (by name, or "name（branch）") the proposer typed, in
    the proposer's scope; a Chinese message naming the field otherwise."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"holder": "请填写户编号或党员姓名"})
    if scheme.subject == "household":
        found = access.scoped(Household.objects.filter(number=text), actor, access.PROPOSE_POINTS).first()
        if found is None:
            raise ValidationError({"holder": f"户编号“{text}”不存在或不在您的管辖范围内"})
        return found
    name, _, branch = text.partition("（")
    qs = PartyMember.objects.select_related("person", "branch").filter(person__name=name.strip())
    qs = access.scoped(qs, actor, access.PROPOSE_POINTS)
    if branch:
        qs = qs.filter(branch__name=branch.rstrip("）"))
    found = list(qs[:3])
    if not found:
        raise ValidationError({"holder": f"党员“{text}”不存在或不在您的管辖范围内"})
    if len(found) > 1:
        raise ValidationError({"holder": f"有多名党员叫“{name.strip()}”，请从提示列表中选择带党组织的名称"})
    return found[0]


def meetings(*, actor: Actor) -> QuerySet[Meeting]:
    access.require(actor, access.VIEW_PEOPLE)
    return access.scoped(Meeting.objects.select_related("branch"), actor, access.VIEW_PEOPLE).order_by(
        "-held_on", "-pk")


# --- a holder's itemised history ------------------------------------------------------------------------

def holder(*, actor: Actor, kind: str, pk: int):
    """The household or member whose points the actor may read: in VIEW_PEOPLE scope, or (a villager)
    their own household and, if they are a party member, their own party points."""
    if kind == "household":
        found = Household.objects.filter(pk=pk).first()
    elif kind == "member":
        found = PartyMember.objects.select_related("person").filter(pk=pk).first()
    else:
        raise Http404
    if found is None:
        raise Http404
    if actor.can(access.VIEW_PEOPLE, found.path):
        return found
    if kind == "household":
        own = own_household(actor=actor)
        if own is not None and own.pk == found.pk:
            return found
    elif own_member(actor=actor) == found:
        return found
    raise Http404


def own_member(*, actor: Actor) -> PartyMember | None:
    """A villager who is a party member reads their own party points."""
    if not any(actor.can(c) for c in OWN):
        return None
    return PartyMember.objects.filter(person__user_id=actor.user.pk).first()


OWN = (access.VIEW_OWN_HOUSEHOLD, access.REDEEM_POINTS)  # who reaches their own household's points


def own_household(*, actor: Actor) -> Household | None:
    return people_selectors.own_household(actor=actor, via=OWN)


def schemes_for(holder) -> list[Scheme]:
    """The schemes of the holder's county (or of a unit above it) for their kind of holder."""
    subject = "member" if isinstance(holder, PartyMember) else "household"
    return [s for s in Scheme.objects.filter(subject=subject).order_by("-active", "code")
            if holder.path.startswith(s.path)]


def years_of(scheme: Scheme, holder) -> list[int]:
    prefix = accounts.book_prefix(scheme)
    books = LedgerAccount.objects.filter(holder=accounts.holder_key(holder), book__startswith=prefix)
    tails = [b[len(prefix):] for b in books.values_list("book", flat=True)]
    return sorted({int(t) for t in tails if t.isdigit()}, reverse=True)


@dataclass
class Statement:
    account: LedgerAccount | None
    entries: list[LedgerEntry]
    colours: dict[str, tuple[str, str]]  # category code -> (name, colour)
    claims: dict[int, Claim]  # claim id -> claim, for the entries a claim posted

    @property
    def balance(self) -> int:
        return self.account.balance if self.account else 0


def statement(*, scheme: Scheme, holder, year: int) -> Statement:
    """Every entry of the holder's account for the year, oldest first, each with the balance after it
    (the running balance), its category's colour and whether it was reversed or is a reversal."""
    account = LedgerAccount.objects.filter(book=accounts.book(scheme, year),
                                           holder=accounts.holder_key(holder)).first()
    colours = {c.code: (c.name, c.colour) for c in Category.objects.filter(scheme=scheme)}
    if account is None:
        return Statement(None, [], colours, {})
    entries = list(LedgerEntry.objects.filter(account=account).select_related("reversed_by")
                   .order_by("pk"))
    ids = [int(e.ref.split(":", 1)[1]) for e in entries if e.ref.startswith("points.claim:")
           and e.ref.split(":", 1)[1].isdigit()]
    found = {c.pk: c for c in Claim.objects.filter(pk__in=ids).only("pk", "code", "state")}
    for e in entries:
        e.claim = found.get(int(e.ref.split(":", 1)[1])) if e.ref.startswith("points.claim:") else None
        e.colour = colours.get(e.category, ("", ""))
        try:
            e.reversed = e.reversed_by is not None
        except LedgerEntry.DoesNotExist:
            e.reversed = False
    return Statement(account, entries, colours, found)
