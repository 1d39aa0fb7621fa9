"""Which ledger account holds whose points: one account per scheme, year and holder (core.ledger).

Books are `points.<scheme id>.<year>`; holders are `member:<PartyMember id>` or `household:<Household id>`.
A year's account opens with an "opening" entry: for a party member, the base points of the rule book in
force by their classification, posted when the account is first used (claims.services); at year end,
last year's balance under a carrying scheme or the base under a resetting one (publish.services.close_year).
"""

from zhenxing.core import ledger
from zhenxing.core.models import LedgerAccount
from zhenxing.people.models import Household, PartyMember


def book(scheme, year: int) -> str:
    """By the scheme's id, not its code: every county has its own "household" scheme, and a unit above
    may hold one of the same code; their points must never share an account."""
    return f"{book_prefix(scheme)}{year}"


def book_prefix(scheme) -> str:
    return f"points.{scheme.pk}."


def holder_key(holder) -> str:
    if isinstance(holder, PartyMember):
        return f"member:{holder.pk}"
    if isinstance(holder, Household):
        return f"household:{holder.pk}"
    raise TypeError(f"not a points holder: {holder!r}")


def account(scheme, holder, year: int) -> LedgerAccount:
    """The holder's account for the year, opened (empty) on first use."""
    return ledger.open_account(book=book(scheme, year), holder=holder_key(holder), scope_path=holder.path,
                               floor=scheme.floor)


def account_exists(scheme, holder, year: int) -> bool:
    return LedgerAccount.objects.filter(book=book(scheme, year), holder=holder_key(holder)).exists()
